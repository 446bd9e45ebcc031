using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Cog.Build.Config;

// weights: [{name, target, source}] with source a mapping or a non-empty list of {uri, include[], exclude[]}.
internal sealed partial class CogConfigReader
{
    private List<WeightsEntry> ReadWeights(YamlNode node)
    {
        var result = new List<WeightsEntry>();
        if (IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            WrongType("weights", "a list of {name, target, source} mappings", node);
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var targets = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"weights[{i}]";
            var item = sequence.Children[i];
            Remember(path, item);
            if (item is not YamlMappingNode map)
            {
                WrongType(path, "a mapping with name, target and source", item);
                continue;
            }

            var entries = Entries(map, path, ["name", "target", "source"], []);
            var name = entries.TryGetValue("name", out var nameNode) ? ReadScalar(path + ".name", nameNode) : null;
            var target = entries.TryGetValue("target", out var targetNode) ? ReadScalar(path + ".target", targetNode) : null;
            var valid = true;
            if (name is null || !Regex.IsMatch(name, "^[a-z0-9]+([._-][a-z0-9]+)*$"))
            {
                Report(Messages.WeightsNameInvalid.Create(name ?? string.Empty), nameNode ?? item);
                valid = false;
            }
            else if (!names.Add(name))
            {
                Report(Messages.WeightsDuplicate.Create("name", name), nameNode!);
                valid = false;
            }

            if (TargetProblem(target, targets) is { } problem)
            {
                Report(problem, targetNode ?? item);
                valid = false;
            }
            else
            {
                targets.Add(target!.TrimEnd('/'));
            }

            var sources = entries.TryGetValue("source", out var sourceNode) ? ReadWeightsSources(path + ".source", name ?? path, sourceNode) : null;
            if (sources is null)
            {
                if (sourceNode is null)
                {
                    Report(Messages.WeightsSourceInvalid.Create(name ?? path, "'source' is missing"), item);
                }

                valid = false;
            }

            if (valid)
            {
                result.Add(new WeightsEntry(name!, target!, sources!));
            }
        }

        return result;
    }

    private static Diagnostic? TargetProblem(string? target, List<string> earlier)
    {
        if (string.IsNullOrEmpty(target) || !target.StartsWith('/'))
        {
            return Messages.WeightsTargetInvalid.Create(target ?? string.Empty, "it must be an absolute path in the image, such as /src/weights");
        }

        if (target.TrimEnd('/').Length == 0)
        {
            return Messages.WeightsTargetInvalid.Create(target, "it cannot be the root directory");
        }

        var trimmed = target.TrimEnd('/');
        if (earlier.Contains(trimmed, StringComparer.Ordinal))
        {
            return Messages.WeightsDuplicate.Create("target", target);
        }

        var overlapping = earlier.FirstOrDefault(e => trimmed.StartsWith(e + "/", StringComparison.Ordinal) || e.StartsWith(trimmed + "/", StringComparison.Ordinal));
        return overlapping is null ? null : Messages.WeightsTargetInvalid.Create(target, $"it overlaps the target {overlapping} of another weights entry");
    }

    private List<WeightsSource>? ReadWeightsSources(string path, string name, YamlNode node)
    {
        IReadOnlyList<YamlNode> items = node switch
        {
            YamlMappingNode map => [map],
            YamlSequenceNode { Children.Count: > 0 } list => list.Children.ToList(),
            _ => [],
        };

        if (items.Count == 0)
        {
            Report(Messages.WeightsSourceInvalid.Create(name, "'source' must be a mapping with 'uri' or a non-empty list of them"), node);
            return null;
        }

        var sources = new List<WeightsSource>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlSequenceNode ? $"{path}[{i}]" : path;
            if (items[i] is not YamlMappingNode map)
            {
                WrongType(itemPath, "a mapping with 'uri'", items[i]);
                return null;
            }

            var entries = Entries(map, itemPath, ["uri", "include", "exclude"], []);
            var uri = entries.TryGetValue("uri", out var uriNode) ? ReadScalar(itemPath + ".uri", uriNode) : null;
            if (string.IsNullOrWhiteSpace(uri))
            {
                Report(Messages.WeightsSourceInvalid.Create(name, "'uri' is required"), uriNode ?? map);
                return null;
            }

            var include = entries.TryGetValue("include", out var includeNode) ? ReadPatterns(itemPath + ".include", name, includeNode) : [];
            var exclude = entries.TryGetValue("exclude", out var excludeNode) ? ReadPatterns(itemPath + ".exclude", name, excludeNode) : [];
            sources.Add(new WeightsSource(uri, include, exclude));
        }

        return sources;
    }

    private List<string> ReadPatterns(string path, string name, YamlNode node)
    {
        var patterns = ReadStringList(path, node);
        for (var i = 0; i < patterns.Count; i++)
        {
            var problem = patterns[i] switch
            {
                var p when p.Trim().Length == 0 => "patterns cannot be blank",
                var p when p.StartsWith('!') => $"pattern \"{p}\" cannot start with '!'; use 'exclude' instead",
                var p when p.Contains('\\') => $"pattern \"{p}\" cannot contain '\\'; use '/'",
                _ => null,
            };

            if (problem is not null)
            {
                Report(Messages.WeightsSourceInvalid.Create(name, problem), ((YamlSequenceNode)node).Children[i]);
            }
        }

        return patterns;
    }
}
