using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Cog.Sdk.Tests;

/// <summary>What a finished dotnet msbuild printed and returned.</summary>
public sealed record MSBuildRun(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>Runs <c>dotnet msbuild</c> of the installed SDK: -getProperty/-getItem evaluations and target runs.</summary>
public static class DotnetMSBuild
{
    /// <summary>An address nothing listens on: a task that tried to reach the engine would fail at once.</summary>
    public const string UnreachableDockerHost = "tcp://127.0.0.1:9";

    public static async Task<MSBuildRun> RunAsync(string projectFile, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(projectFile)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "msbuild", projectFile, "-nologo", "-nodeReuse:false", "-tl:off" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDNOINPROCNODE"] = null;
        start.Environment["DOCKER_HOST"] = UnreachableDockerHost;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return new MSBuildRun(process.ExitCode, await stdout + await stderr);
    }

    public static async Task<Evaluation> EvaluateAsync(
        string projectFile, IReadOnlyDictionary<string, string> globalProperties, IEnumerable<string> properties, IEnumerable<string> items, string? target = null)
    {
        // Two names at least: with one, -getProperty prints the bare value instead of JSON.
        var propertyNames = properties.Append("MSBuildProjectFullPath").Append("MSBuildProjectName").Distinct().ToList();
        var itemTypes = items.ToList();
        var arguments = new List<string> { "-getProperty:" + string.Join(",", propertyNames) };
        if (itemTypes.Count > 0)
        {
            arguments.Add("-getItem:" + string.Join(",", itemTypes));
        }

        if (target is not null)
        {
            arguments.Add("-t:" + target);
        }

        arguments.AddRange(globalProperties.Select(p => $"-p:{p.Key}={p.Value}"));
        var run = await RunAsync(projectFile, arguments);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var json = run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        var values = document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        var itemLists = new Dictionary<string, IReadOnlyList<EvaluatedItem>>();
        if (document.RootElement.TryGetProperty("Items", out var itemsElement))
        {
            foreach (var type in itemsElement.EnumerateObject())
            {
                itemLists[type.Name] = type.Value.EnumerateArray()
                    .Select(i => new EvaluatedItem(
                        i.GetProperty("Identity").GetString()!,
                        i.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString() ?? "")))
                    .ToList();
            }
        }

        return new Evaluation(values, itemLists);
    }
}
