using System.Globalization;
using Cog.Build.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cog.Build.Config;

// Typed reads of YAML nodes: each reports a COG1012 wrong-type diagnostic at the node and returns null instead of throwing.
internal sealed partial class CogConfigReader
{
    private Dictionary<string, YamlNode> Entries(YamlMappingNode map, string path, IReadOnlyList<string> known, IReadOnlyList<string> otherLevel)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var where = path.Length == 0 ? DisplayName : "'" + path + "'";
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                WrongType(path.Length == 0 ? DisplayName : path, "a mapping with plain text keys", keyNode);
                continue;
            }

            var full = path.Length == 0 ? key : path + "." + key;
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                Report(UnknownKey(key, where, known, otherLevel, path), keyNode);
                continue;
            }

            Remember(full, keyNode);
            entries[key] = value;
        }

        return entries;
    }

    private static Diagnostic UnknownKey(string key, string where, IReadOnlyList<string> known, IReadOnlyList<string> otherLevel, string path)
    {
        if (KeySuggester.Suggest(key, known) is { } suggestion)
        {
            return Messages.ConfigUnknownKeyDidYouMean.Create(key, where, suggestion);
        }

        // A build key written at the top level (or the reverse) is a common slip; point at where it belongs.
        if (otherLevel.Contains(key, StringComparer.Ordinal))
        {
            return Messages.ConfigUnknownKeyDidYouMean.Create(key, where, path.Length == 0 ? "build." + key : key + "' at the top level, not under 'build");
        }

        return Messages.ConfigUnknownKey.Create(key, where, string.Join(", ", known));
    }

    private string? ReadScalar(string path, YamlNode node)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        WrongType(path, "a string", node);
        return null;
    }

    private bool? ReadBool(string path, YamlNode node)
    {
        var text = ReadScalar(path, node);
        if (text is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain })
        {
            switch (text)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        WrongType(path, "a boolean (true or false)", node);
        return null;
    }

    private int? ReadInt(string path, YamlNode node)
    {
        var text = ReadScalar(path, node);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        WrongType(path, "a whole number", node);
        return null;
    }

    private List<string> ReadStringList(string path, YamlNode node)
    {
        var result = new List<string>();
        if (IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            WrongType(path, "a list of strings", node);
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            Remember($"{path}[{i}]", sequence.Children[i]);
            if (ReadScalar($"{path}[{i}]", sequence.Children[i]) is { } value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    private void WrongType(string path, string expected, YamlNode node) =>
        Report(Messages.ConfigWrongType.Create(path, expected, Describe(node)), node);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "empty",
        YamlScalarNode scalar => $"\"{scalar.Value}\"",
        _ => "an alias",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static bool IsUnsignedInt(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private void Report(Diagnostic diagnostic, YamlNode node)
    {
        var position = Pos(node);
        diagnostics.Add(diagnostic.At(fileName, position.Line, position.Column));
    }

    private void Remember(string path, YamlNode node) => positions[path] = Pos(node);

    private static ConfigPosition Pos(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);
}
