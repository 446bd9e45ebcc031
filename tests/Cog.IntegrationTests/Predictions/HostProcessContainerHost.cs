using System.Diagnostics;
using Cog.Build.Predictions;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// Runs the real Python runtime (<c>python3 -m cog.server.http</c> from src/Cog.Runtime) as a host process in place of a
/// container: the project folder is the working directory, the port is chosen by the OS and read back from
/// <c>COG_PORT_FILE</c>. Lets the session and client be tested against the real server without an image build.
/// </summary>
internal sealed class HostProcessContainerHost : IContainerHost
{
    public int StartCount { get; private set; }

    public List<HostProcessContainer> Started { get; } = [];

    public async Task<IModelContainer> StartAsync(ModelContainerSpec spec, TextWriter logs, CancellationToken cancellationToken)
    {
        StartCount++;
        var portFile = Path.Combine(Path.GetTempPath(), $"cog-inputs-port-{Guid.NewGuid():N}");
        var command = spec.Command ?? ["python", "-m", "cog.server.http"];
        var info = new ProcessStartInfo("python3")
        {
            WorkingDirectory = spec.ProjectDirectory ?? throw new ArgumentException("the host-process runner needs a project folder"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["PYTHONPATH"] = Fixtures.RuntimePath;
        info.Environment["PORT"] = "0";
        info.Environment["COG_PORT_FILE"] = portFile;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (logs) { logs.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (logs) { logs.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var container = new HostProcessContainer(process);
        Started.Add(container);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await container.DisposeAsync();
                throw new InvalidOperationException("the runtime did not start listening");
            }

            await Task.Delay(20, cancellationToken);
        }

        var port = int.Parse(await File.ReadAllTextAsync(portFile, cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(portFile);
        container.ServerAddress = new Uri($"http://127.0.0.1:{port}/");
        return container;
    }
}

internal sealed class HostProcessContainer(Process process) : IModelContainer
{
    public Uri ServerAddress { get; set; } = new("http://127.0.0.1:1/");

    public bool Disposed { get; private set; }

    private bool _exited;

    public bool HasExited => _exited || process.HasExited;

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => Task.FromResult(!HasExited);

    /// <summary>Simulates a container that dies on its own.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Stops the server the way <c>docker stop</c> would: SIGTERM, 3 s grace, then kill.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Disposed)
        {
            return;
        }

        Disposed = true;
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        _exited = true;
        process.Dispose();
    }
}
