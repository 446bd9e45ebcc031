using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// CogServe / CogExec inside MSBuild (no terminal): runs the dev image with the model folder at /src, streams its output
/// to the log and removes the container when it exits or the build is canceled (Ctrl-C ends a serve successfully).
/// </summary>
public sealed class RunContainer : CogTask
{
    [Required] public string Verb { get; set; } = "";

    [Required] public string ImageId { get; set; } = "";

    [Required] public string ProjectDirectory { get; set; } = "";

    public string ConfigFile { get; set; } = "";

    public string Command { get; set; } = "";

    public string Gpus { get; set; } = "";

    public ITaskItem[] Environment { get; set; } = [];

    public int Port { get; set; } = 5000;

    public string UploadUrl { get; set; } = "";

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var serve = Verb == "serve";
        var projectDirectory = Path.GetFullPath(ProjectDirectory);
        var environment = NameValuePairs(Environment).ToDictionary(p => p.Key, p => p.Value);
        environment["LOG_FORMAT"] = "console";
        var spec = new ContainerSpec(ImageId)
        {
            Command = serve ? ServeCommand(UploadUrl) : ["sh", "-c", Command],
            WorkingDirectory = "/src",
            Environment = environment,
            Mounts = [new ContainerMount(projectDirectory, "/src")],
            PublishedPorts = serve ? new Dictionary<int, int> { [5000] = Port } : new Dictionary<int, int>(),
            Gpus = Gpus.Length > 0 || WriteContainerPlan.ConfigWantsGpu(ConfigFile, projectDirectory, Log),
        };

        using var engine = await DockerEngine.ConnectAsync(cancellation).ConfigureAwait(false);
        await using var container = await engine.StartContainerAsync(spec, cancellation).ConfigureAwait(false);
        if (serve)
        {
            Log.LogMessage(MessageImportance.High, $"Serving at http://localhost:{Port}");
        }

        try
        {
            var logs = container.StreamLogsAsync((line, _) => Log.LogMessage(MessageImportance.High, "{0}", line), CancellationToken.None);
            // The engine's streams ignore cancellation; a canceled build stops the container, which ends them.
            var exited = container.WaitAsync(CancellationToken.None);
            var canceled = System.Threading.Tasks.Task.Delay(Timeout.Infinite, cancellation);
            if (await System.Threading.Tasks.Task.WhenAny(exited, canceled).ConfigureAwait(false) == canceled)
            {
                await container.StopAsync(TimeSpan.FromSeconds(3), CancellationToken.None).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
            }

            await logs.ConfigureAwait(false);
            var status = await exited.ConfigureAwait(false);
            if (status != 0)
            {
                throw Messages.ContainerExitStatus.Fail(status);
            }
        }
        catch (OperationCanceledException) when (serve && cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.High, "Stopped serving.");
        }
    }

    /// <summary>The server command of cog serve (spec 40 §9).</summary>
    public static IReadOnlyList<string> ServeCommand(string uploadUrl)
    {
        List<string> command = ["python", "--check-hash-based-pycs", "never", "-m", "cog.server.http", "--await-explicit-shutdown", "true"];
        if (uploadUrl.Length > 0)
        {
            command.AddRange(["--upload-url", uploadUrl]);
        }

        return command;
    }
}
