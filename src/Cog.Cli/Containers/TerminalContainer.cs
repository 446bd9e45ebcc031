using System.Diagnostics;
using Cog.Build.Diagnostics;

namespace Cog.Cli.Containers;

/// <summary>
/// A container attached to this terminal (cog exec, cog run CMD, cog serve), run through the docker CLI as the decisions
/// allow for interactive sessions: with a real TTY when stdin is one, else with stdin piped through (EOF passes on).
/// The container always has a name, so it can be removed on every way out, Ctrl-C included.
/// </summary>
public sealed record TerminalContainer(string Image, IReadOnlyList<string> Command)
{
    public string Name { get; init; } = "cog-" + Guid.NewGuid().ToString("N")[..12];

    public string? ProjectDirectory { get; init; }

    public string WorkingDirectory { get; init; } = "/src";

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>docker -p values (HOST:PORT:CONTAINERPORT).</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];

    public string? Gpus { get; init; }

    public bool Interactive { get; init; } = true;

    public IReadOnlyList<string> DockerArguments(bool tty)
    {
        var arguments = new List<string> { "run", "--rm", "--name", Name, "--shm-size=6g" };
        if (Interactive)
        {
            arguments.Add(tty ? "-it" : "-i");
        }

        if (ProjectDirectory is not null)
        {
            arguments.AddRange(["--mount", $"type=bind,source={ProjectDirectory},target=/src"]);
        }

        arguments.AddRange(["-w", WorkingDirectory]);
        foreach (var (name, value) in Environment)
        {
            arguments.AddRange(["-e", $"{name}={value}"]);
        }

        foreach (var publish in Publish)
        {
            arguments.AddRange(["-p", publish]);
        }

        if (Gpus is not null)
        {
            arguments.AddRange(["--gpus", Gpus]);
        }

        arguments.Add(Image);
        arguments.AddRange(Command);
        return arguments;
    }

    /// <summary>Runs to the end and returns the container's exit status; Ctrl-C stops the container and removes it.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        var tty = Interactive && !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var start = new ProcessStartInfo("docker") { UseShellExecute = false };
        foreach (var argument in DockerArguments(tty))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception failure) when (failure is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw Messages.DockerCliNotFound.Fail(string.Join(" ", Command));
        }

        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellation);
                return process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                await RemoveAsync("stop", "-t", "3", Name);
                await process.WaitForExitAsync(CancellationToken.None);
                throw;
            }
            finally
            {
                await RemoveAsync("rm", "-f", Name);
            }
        }
    }

    private static async Task RemoveAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is not null)
        {
            await process.StandardOutput.ReadToEndAsync();
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
        }
    }
}
