using System.Text.Json;
using Cog.Build.Docker;
using Cog.Build.Tasks;

namespace Cog.Cli.Build;

/// <summary>
/// Lets a dev verb on an unchanged project skip <c>dotnet msbuild</c> (process start and evaluation cost about a second).
/// After a successful plan target the plan is kept in .cog/ with the files the targets computed it from and the
/// properties and environment it was asked with. The next verb reuses it only when every one of those files is older
/// than the moment the kept plan's MSBuild run started, no Directory.Build.*/global.json appeared or vanished above
/// the project, the dev image stamp still names the plan's image, and the engine still has that image. Anything else,
/// or any doubt, goes through MSBuild as before.
/// </summary>
public static class PlanCache
{
    private static readonly string[] AncestorFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "global.json", "nuget.config", "NuGet.Config"];

    public static string CacheFile(string stateDirectory, string target) => Path.Combine(stateDirectory, $"plan-cache.{target}.json");

    /// <summary>The kept plan when it is still valid for this request, else null.</summary>
    public static ContainerPlan? TryRead(string cacheFile, string projectFile, IReadOnlyDictionary<string, string> properties) =>
        TryRead(cacheFile, projectFile, properties, out _);

    /// <summary>As above; <paramref name="reason"/> says why the kept plan was not used (for --debug).</summary>
    public static ContainerPlan? TryRead(string cacheFile, string projectFile, IReadOnlyDictionary<string, string> properties, out string reason)
    {
        reason = "";
        try
        {
            if (!File.Exists(cacheFile))
            {
                return null;
            }

            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(cacheFile));
            reason = entry is null || entry.Inputs.Count == 0 ? "no inputs recorded"
                : !SameMap(entry.Properties, Key(properties)) ? "other properties"
                : !SameMap(entry.Environment, RelevantEnvironment()) ? "other environment"
                : !entry.Ancestors.SequenceEqual(ExistingAncestorFiles(projectFile), StringComparer.Ordinal) ? "Directory.Build.*, global.json or nuget.config added or removed"
                : "";
            if (entry is null || reason.Length > 0)
            {
                return null;
            }

            var started = new DateTime(entry.StartedUtcTicks, DateTimeKind.Utc);
            var stamp = ImageStamp.Read(entry.Inputs[0]);
            var plan = ContainerPlan.FromJson(entry.Plan);
            if (stamp is null || stamp.ImageId != plan.Image)
            {
                reason = "the dev image was rebuilt";
                return null;
            }

            foreach (var input in entry.Inputs.Skip(1).Concat(entry.Ancestors))
            {
                if (!File.Exists(input) || File.GetLastWriteTimeUtc(input) >= started)
                {
                    reason = $"{input} changed";
                    return null;
                }
            }

            // A requirements file added beside cog.yaml is a new dev image input (the targets glob *requirements*.txt).
            if (Directory.Exists(plan.ProjectDirectory)
                && Directory.EnumerateFiles(plan.ProjectDirectory, "*requirements*.txt").Any(f => !entry.Inputs.Contains(Path.GetFullPath(f))))
            {
                reason = "a requirements file was added";
                return null;
            }

            if (ImageExistenceProbe.Exists(plan.Image, TimeSpan.FromSeconds(2)) != true)
            {
                reason = "the engine does not confirm the dev image exists";
                return null;
            }

            return plan;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            reason = e.Message;
            return null;
        }
    }

    /// <summary>Keeps a plan that MSBuild just wrote (with its .inputs list); a failure only means no shortcut next time.</summary>
    public static void Write(
        string cacheFile, string projectFile, IReadOnlyDictionary<string, string> properties, DateTime startedUtc, string planJson, string inputsFile)
    {
        try
        {
            if (!File.Exists(inputsFile))
            {
                File.Delete(cacheFile);
                return;
            }

            var inputs = File.ReadAllLines(inputsFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var entry = new Entry
            {
                StartedUtcTicks = startedUtc.Ticks,
                Properties = Key(properties),
                Environment = RelevantEnvironment(),
                Ancestors = ExistingAncestorFiles(projectFile),
                Inputs = inputs,
                Plan = planJson,
            };
            File.WriteAllText(cacheFile, JsonSerializer.Serialize(entry));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Read-only folder: every verb goes through MSBuild.
        }
    }

    public static void Delete(string cacheFile)
    {
        try
        {
            File.Delete(cacheFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // TryRead checks the entry anyway.
        }
    }

    // The plan file's own name differs on every run; everything else the targets were given is part of the key.
    private static SortedDictionary<string, string> Key(IReadOnlyDictionary<string, string> properties) =>
        new(properties.Where(p => p.Key != "CogPlanFile").ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    // MSBuild sees every environment variable as a property; the ones Cog's targets and a model project plausibly read.
    private static SortedDictionary<string, string> RelevantEnvironment()
    {
        var relevant = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("COG", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET", StringComparison.OrdinalIgnoreCase) || name.StartsWith("NUGET", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOCKER", StringComparison.OrdinalIgnoreCase) || name == "PATH")
            {
                relevant[name] = (string?)variable.Value ?? "";
            }
        }

        return relevant;
    }

    private static List<string> ExistingAncestorFiles(string projectFile)
    {
        var found = new List<string>();
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(projectFile))!); directory is not null; directory = directory.Parent)
        {
            found.AddRange(AncestorFiles.Select(name => Path.Combine(directory.FullName, name)).Where(File.Exists));
        }

        return found;
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var value) && value == p.Value);

    private sealed class Entry
    {
        public long StartedUtcTicks { get; init; }

        public SortedDictionary<string, string> Properties { get; init; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, string> Environment { get; init; } = new(StringComparer.Ordinal);

        public List<string> Ancestors { get; init; } = [];

        /// <summary>First the dev image stamp, then every file the plan was computed from.</summary>
        public List<string> Inputs { get; init; } = [];

        public string Plan { get; init; } = "";
    }
}
