using System.Diagnostics;
using System.Runtime.InteropServices;
using Cog.Build.Diagnostics;

namespace Cog.Cli.Build;

/// <summary>
/// Runs <c>dotnet msbuild PROJECT -t:TARGET</c> with the console logger (live progress, coded errors) and copies its
/// output to our stderr, so stdout stays for results. Ctrl-C is passed on as SIGINT: MSBuild cancels the running task,
/// which cleans up after itself.
/// </summary>
public static class MSBuildRunner
{
    public static async Task<int> RunAsync(
        string project, string target, IReadOnlyDictionary<string, string> properties, bool debug, TextWriter stderr, CancellationToken cancellation,
        string? binaryLog = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", $"-t:{target}", "-tl:off", debug ? "-v:n" : "-v:m", "-clp:NoSummary;ForceNoAlign", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        if (binaryLog is not null)
        {
            start.ArgumentList.Add($"-bl:{binaryLog}");
        }

        foreach (var (name, value) in properties)
        {
            start.ArgumentList.Add(MSBuildProperties.Argument(name, value));
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception failure) when (failure is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw Messages.DotnetNotFound.Fail(start.FileName, failure.Message);
        }

        using (process)
        await using (cancellation.Register(() => Interrupt(process)))
        {
            var suffix = $" [{Path.GetFullPath(project)}]";
            var pumps = new[] { Pump(process.StandardOutput, stderr, suffix), Pump(process.StandardError, stderr, suffix) };
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(pumps);
            cancellation.ThrowIfCancellationRequested();
            return process.ExitCode;
        }
    }

    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static async Task Pump(StreamReader source, TextWriter destination, string projectSuffix)
    {
        while (await source.ReadLineAsync() is { } line)
        {
            // Minimal verbosity indents messages by two spaces and ends diagnostics with " [project]"; the cog command
            // prints them like its own lines.
            if (line.EndsWith(projectSuffix, StringComparison.Ordinal))
            {
                line = line[..^projectSuffix.Length];
            }

            await destination.WriteLineAsync(line.StartsWith("  ", StringComparison.Ordinal) ? line[2..] : line);
            await destination.FlushAsync();
        }
    }

    private static void Interrupt(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 2);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
