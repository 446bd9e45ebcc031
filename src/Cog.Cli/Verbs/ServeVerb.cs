using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;
using Cog.Cli.Containers;

namespace Cog.Cli.Verbs;

/// <summary>
/// <c>cog serve</c>: the model's HTTP API on 127.0.0.1:5000 (decisions override spec 40's 8393) with the folder mounted at
/// /src; logs stream to the terminal; Ctrl-C stops and removes the container and exits 0 (spec 40 §9).
/// </summary>
public static class ServeVerb
{
    public static readonly FlagSpec Port = new("--port", "-p", "PORT", "Host port for the API (default 5000); always mapped to the container's 5000.");

    public static readonly FlagSpec Host = new("--host", null, "ADDRESS", "Host interface to publish on (default 127.0.0.1; 0.0.0.0 exposes it to the network).");

    public static readonly FlagSpec UploadUrl = new("--upload-url", null, "URL", "PUT file outputs to this URL instead of returning data URLs.");

    public static VerbSpec Spec { get; } = new("serve", "Run the model's HTTP API server", "cog serve [flags]")
    {
        Description = "Builds the dev image (if needed) and serves the model's prediction API (POST /predictions, GET /health-check,\n/openapi.json, /docs) with the current folder mounted at /src. Ctrl-C stops it.",
        Flags = [Port, Host, UploadUrl, CommonFlags.Gpus, .. CommonFlags.DevBuild],
        Examples = ["cog serve", "cog serve -p 8080"],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 0)
        {
            throw Messages.TooManyArguments.Fail("serve", 0, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var port = PortOption.Parse(parsed.Get(Port.Long) ?? "5000").Port;
        var host = parsed.Get(Host.Long) ?? "127.0.0.1";
        var gpus = GpuOption.Validate(parsed.Get(CommonFlags.Gpus.Long));
        var uploadUrl = parsed.Get(UploadUrl.Long);
        var project = ProjectTargets.Locate(context, parsed);
        var properties = ProjectTargets.BuildProperties(project, parsed);
        properties["CogPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (gpus is not null)
        {
            properties["CogGpus"] = gpus;
        }

        if (uploadUrl is not null)
        {
            properties["CogUploadUrl"] = uploadUrl;
        }

        var plan = await ProjectTargets.PlanAsync(context, project, "CogServe", properties);
        var command = Cog.Build.Tasks.RunContainer.ServeCommand(uploadUrl ?? "");
        gpus ??= plan.Gpus.Length > 0 ? plan.Gpus : null;
        context.Style.Plain("");
        context.Style.Info($"Serving at {DisplayAddress(host, port)}");
        context.Style.Plain("");
        try
        {
            var status = host is "127.0.0.1" or "localhost"
                ? await ServeThroughEngineAsync(context, plan.Image, command, plan.ProjectDirectory, port, gpus)
                : await new TerminalContainer(plan.Image, command)
                {
                    ProjectDirectory = plan.ProjectDirectory,
                    Environment = [new("LOG_FORMAT", "console")],
                    Publish = [$"{(host.Contains(':') ? $"[{host}]" : host)}:{port}:5000"],
                    Gpus = gpus,
                    Interactive = false,
                }.RunAsync(context.Cancellation);
            return status == 0 ? 0 : throw Messages.ContainerExitStatus.Fail(status);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return 0;
        }
    }

    // The usual case goes through the Engine API: published on 127.0.0.1, logs followed, removed on every way out.
    private static async Task<long> ServeThroughEngineAsync(
        CommandContext context, string image, IReadOnlyList<string> command, string projectDirectory, int port, string? gpus)
    {
        using var engine = await DockerEngine.ConnectAsync(context.Cancellation);
        await using var container = await engine.StartContainerAsync(
            new ContainerSpec(image)
            {
                Command = command,
                WorkingDirectory = "/src",
                Environment = new Dictionary<string, string> { ["LOG_FORMAT"] = "console" },
                Mounts = [new ContainerMount(projectDirectory, "/src")],
                PublishedPorts = new Dictionary<int, int> { [5000] = port },
                Gpus = gpus is not null,
            },
            context.Cancellation);
        var logs = container.StreamLogsAsync(
            (line, isError) =>
            {
                var writer = isError ? context.Stderr : context.Stdout;
                writer.WriteLine(line);
                writer.Flush();
            },
            CancellationToken.None);
        // The engine's log and wait streams do not end on cancellation, so Ctrl-C races them and wins by stopping the container.
        var exited = container.WaitAsync(CancellationToken.None);
        var interrupted = Task.Delay(Timeout.Infinite, context.Cancellation);
        if (await Task.WhenAny(exited, interrupted) == interrupted)
        {
            await container.StopAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
            context.Cancellation.ThrowIfCancellationRequested();
        }

        await logs;
        return await exited;
    }

    private static string DisplayAddress(string host, int port) => host switch
    {
        "127.0.0.1" or "::1" or "localhost" => $"http://localhost:{port}",
        "0.0.0.0" => $"http://0.0.0.0:{port} (http://localhost:{port})",
        _ when host.Contains(':') => $"http://[{host}]:{port}",
        _ => $"http://{host}:{port}",
    };
}
