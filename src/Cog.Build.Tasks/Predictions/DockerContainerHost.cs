using Cog.Build.Docker;

namespace Cog.Build.Predictions;

/// <summary>
/// Runs the model server in a real container through <see cref="DockerEngine"/> (spec 40 §10): detached, port 5000 published
/// on a random 127.0.0.1 port, the project bind-mounted at <c>/src</c>, logs followed into the caller's writer.
/// </summary>
public sealed class DockerContainerHost : IContainerHost
{
    private readonly DockerEngine _engine;

    public DockerContainerHost(DockerEngine engine)
    {
        _engine = engine;
    }

    public async Task<IModelContainer> StartAsync(ModelContainerSpec spec, TextWriter logs, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in spec.Environment)
        {
            environment[key] = value;
        }

        var mounts = new List<ContainerMount>();
        if (spec.ProjectDirectory is not null)
        {
            mounts.Add(new ContainerMount(Path.GetFullPath(spec.ProjectDirectory), "/src"));
        }

        mounts.AddRange(spec.ReadOnlyMounts.Select(m => new ContainerMount(m.Key, m.Value, ReadOnly: true)));
        var container = await _engine.StartContainerAsync(
            new ContainerSpec(spec.Image)
            {
                Name = spec.Name,
                Command = spec.Command,
                WorkingDirectory = spec.WorkingDirectory,
                Environment = environment,
                Mounts = mounts,
                PublishedPorts = new Dictionary<int, int> { [spec.ContainerPort] = 0 },
                Gpus = spec.Gpus is not null,
            },
            cancellationToken).ConfigureAwait(false);

        if (!container.HostPorts.TryGetValue(spec.ContainerPort, out var port))
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw Cog.Build.Diagnostics.Messages.ModelContainerExited.Fail("");
        }

        return new DockerModelContainer(container, new Uri($"http://127.0.0.1:{port}/"), logs);
    }

    private sealed class DockerModelContainer : IModelContainer
    {
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

        private readonly RunningContainer _container;
        private readonly CancellationTokenSource _following = new();
        private readonly Task _logs;

        public DockerModelContainer(RunningContainer container, Uri address, TextWriter logs)
        {
            _container = container;
            ServerAddress = address;
            _logs = Task.Run(() => FollowAsync(logs));
        }

        public Uri ServerAddress { get; }

        public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _container.IsRunningAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (global::Docker.DotNet.DockerContainerNotFoundException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // Our own deadline, not the caller's token: cleanup must run after Ctrl-C too.
                using var deadline = new CancellationTokenSource(StopGrace + TimeSpan.FromSeconds(10));
                await _container.StopAsync(StopGrace, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Removal below is forced, so a failed stop only costs the grace period.
            }

            await _following.CancelAsync().ConfigureAwait(false);
            try
            {
                await _logs.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Log following ends with the container; how it ends does not matter.
            }

            await _container.DisposeAsync().ConfigureAwait(false);
            _following.Dispose();
        }

        private async Task FollowAsync(TextWriter logs)
        {
            await _container.StreamLogsAsync(
                (line, _) =>
                {
                    lock (logs)
                    {
                        logs.WriteLine(line);
                        logs.Flush();
                    }
                },
                _following.Token).ConfigureAwait(false);
        }
    }
}
