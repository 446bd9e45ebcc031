using System.Globalization;
using Cog.Build.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cog.Build.Docker;

public sealed partial class DockerEngine
{
    /// <summary>Creates and starts a container. If anything fails after creation, the container is removed before the error surfaces.</summary>
    public async Task<RunningContainer> StartContainerAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        var portKeys = spec.PublishedPorts.Keys.Select(p => p.ToString(CultureInfo.InvariantCulture) + "/tcp").ToArray();
        var parameters = new CreateContainerParameters
        {
            Image = spec.Image,
            Name = spec.Name!,
            Cmd = spec.Command?.ToList()!,
            Entrypoint = spec.Entrypoint?.ToList()!,
            WorkingDir = spec.WorkingDirectory!,
            Env = spec.Environment.Select(e => e.Key + "=" + e.Value).ToList(),
            Labels = new Dictionary<string, string>(spec.Labels),
            Tty = spec.Tty,
            OpenStdin = spec.OpenStdin,
            AttachStdout = true,
            AttachStderr = true,
            ExposedPorts = portKeys.ToDictionary(k => k, _ => new EmptyStruct()),
            HostConfig = new HostConfig
            {
                Binds = spec.Mounts.Select(m => m.HostPath + ":" + m.ContainerPath + (m.ReadOnly ? ":ro" : "")).ToList(),
                PortBindings = spec.PublishedPorts.ToDictionary(
                    p => p.Key.ToString(CultureInfo.InvariantCulture) + "/tcp",
                    p => (IList<PortBinding>)new List<PortBinding> { new() { HostIP = "127.0.0.1", HostPort = p.Value == 0 ? "" : p.Value.ToString(CultureInfo.InvariantCulture) } }),
                DeviceRequests = spec.Gpus
                    ? new List<DeviceRequest> { new() { Driver = "", Count = -1, Capabilities = new List<IList<string>> { new List<string> { "gpu" } } } }
                    : null!,
            },
        };

        CreateContainerResponse created;
        try
        {
            created = await Client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException error)
        {
            throw Messages.ContainerStartFailed.Fail(spec.Image, ApiErrorMessage(error.ResponseBody ?? error.Message));
        }

        var container = new RunningContainer(Client, created.ID, new Dictionary<int, int>());
        try
        {
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            var inspect = await Client.Containers.InspectContainerAsync(created.ID, cancellationToken).ConfigureAwait(false);
            var hostPorts = new Dictionary<int, int>();
            foreach (var port in spec.PublishedPorts.Keys)
            {
                if (inspect.NetworkSettings?.Ports is { } ports &&
                    ports.TryGetValue(port.ToString(CultureInfo.InvariantCulture) + "/tcp", out var bindings) &&
                    bindings?.FirstOrDefault()?.HostPort is { } hostPort)
                {
                    hostPorts[port] = int.Parse(hostPort, CultureInfo.InvariantCulture);
                }
            }

            return new RunningContainer(Client, created.ID, hostPorts);
        }
        catch (Exception error)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            if (error is DockerApiException api)
            {
                throw Messages.ContainerStartFailed.Fail(spec.Image, ApiErrorMessage(api.ResponseBody ?? api.Message));
            }

            throw;
        }
    }

    /// <summary>Runs a container to completion and returns its exit code and output; the container is removed afterwards.</summary>
    public async Task<ContainerRunResult> RunToCompletionAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        await using var container = await StartContainerAsync(spec, cancellationToken).ConfigureAwait(false);
        var exitCode = await container.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (stdout, stderr) = await container.ReadLogsAsync(cancellationToken).ConfigureAwait(false);
        return new ContainerRunResult(exitCode, stdout, stderr);
    }
}

public sealed record ContainerRunResult(long ExitCode, string Stdout, string Stderr);
