using System.Diagnostics;
using System.Text;

namespace Cog.IntegrationTests.Cli;

/// <summary>What a finished process printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the repository's ./cog launcher (which builds the cog command and packs Cog.Sdk into artifacts/feed when sources
/// changed) and other commands as real processes, the way a user would.
/// </summary>
public static class CogProcess
{
    public static string RepoRoot => RepoPaths.Root;

    public static string Launcher => Path.Combine(RepoRoot, "cog");

    /// <summary>The version of Cog.Sdk this checkout packs (Directory.Build.props' CogVersion).</summary>
    public static string SdkVersion { get; } = ReadSdkVersion();

    public static Task<ProcessResult> CogAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("bash", [Launcher, .. arguments], workingDirectory);

    public static Task<ProcessResult> CogWithStdinAsync(string workingDirectory, string stdin, params string[] arguments) =>
        RunAsync("bash", [Launcher, .. arguments], workingDirectory, stdin);

    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(fileName, arguments, workingDirectory, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(" ", arguments)} did not finish in time.\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    private static string ReadSdkVersion()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "Directory.Build.props"));
        var start = text.IndexOf("<CogVersion>", StringComparison.Ordinal) + "<CogVersion>".Length;
        return text[start..text.IndexOf("</CogVersion>", StringComparison.Ordinal)].Trim();
    }
}
