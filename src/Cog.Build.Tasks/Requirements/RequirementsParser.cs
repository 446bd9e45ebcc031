using System.Text.RegularExpressions;

namespace Cog.Build.Requirements;

/// <summary>Parses requirements.txt text into logical lines (spec 10 §3). Pure: no file access.</summary>
public static partial class RequirementsParser
{
    private static readonly string[] ArchiveSuffixes = [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"];

    public static IReadOnlyList<Requirement> Parse(string text) =>
        LogicalLines(text).Select(ParseLine).ToList();

    /// <summary>Parses the deprecated <c>build.python_packages</c> list, which has the same line semantics.</summary>
    public static IReadOnlyList<Requirement> Parse(IEnumerable<string> lines) => Parse(string.Join('\n', lines));

    public static Requirement ParseLine(string line)
    {
        if (line.StartsWith('-') || LooksLikePath(line))
        {
            return new Requirement(line, null, null, string.Empty);
        }

        var match = NameAndExtras().Match(line);
        if (!match.Success)
        {
            return new Requirement(line, null, null, string.Empty);
        }

        var rest = line[match.Length..];
        return new Requirement(line, match.Groups["name"].Value, match.Groups["extras"].Success ? match.Groups["extras"].Value : null, VersionOf(rest));
    }

    /// <summary>A bare local path: absolute, <c>./</c>, <c>../</c>, or ending like a wheel/sdist archive.</summary>
    public static bool LooksLikePath(string line)
    {
        var first = line.Split([' ', '\t', ';'], 2)[0];
        var withoutExtras = first.Contains('[') ? first[..first.IndexOf('[')] : first;
        return withoutExtras.StartsWith('/') || withoutExtras.StartsWith("./", StringComparison.Ordinal)
            || withoutExtras.StartsWith("../", StringComparison.Ordinal)
            || (!withoutExtras.Contains("://", StringComparison.Ordinal) && !withoutExtras.Contains('@')
                && ArchiveSuffixes.Any(s => withoutExtras.EndsWith(s, StringComparison.OrdinalIgnoreCase)));
    }

    private static string VersionOf(string rest)
    {
        var at = rest.IndexOf('@');
        var op = rest.IndexOfAny(['<', '>', '=', '!', '~']);
        if (at >= 0 && (op < 0 || at < op))
        {
            return rest[(at + 1)..].Trim();
        }

        if (op < 0)
        {
            return string.Empty;
        }

        var start = op;
        while (start < rest.Length && "<>=!~".Contains(rest[start]))
        {
            start++;
        }

        var operand = rest[start..].TrimStart();
        var end = operand.IndexOfAny([',', ';', ' ', '\t']);
        return end < 0 ? operand : operand[..end];
    }

    /// <summary>
    /// Joins backslash continuations, drops comments, <c>-e .</c> and blank lines. A '#' starts a comment only at the start of a
    /// line or after whitespace, as in pip, so <c>…#egg=name</c> URLs survive (upstream cut at any '#').
    /// </summary>
    internal static IEnumerable<string> LogicalLines(string text)
    {
        var joined = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\\\n", string.Empty, StringComparison.Ordinal);
        foreach (var raw in joined.Split('\n'))
        {
            var line = Comment().Replace(raw, string.Empty).Trim();
            if (line.Length == 0 || line == "-e .")
            {
                continue;
            }

            yield return line;
        }
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_.\-]+)\s*(?<extras>\[[^\]]*\])?")]
    private static partial Regex NameAndExtras();

    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();
}
