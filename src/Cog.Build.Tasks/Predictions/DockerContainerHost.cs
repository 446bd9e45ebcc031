using Cog.Build.Docker;

namespace Cog.Build.Predictions;

/// <summary>
/// Runs the model server in a real container through <see cref="DockerEngine"/> (spec 40 §10): detached, port 5000 published
/// on a random 127.0.0.1 port, the project bind-mounted at <c>/src</c>, logs followed into the caller's writer.
/// </summary>
public sealed class DockerContainerHost : IContainerHost, IModelSchemaSource, IDisposable
{
    private readonly DockerEngine _engine;
    private readonly bool _ownsEngine;

    public DockerContainerHost(DockerEngine engine)
        : this(engine, ownsEngine: false)
    {
    }

    private DockerContainerHost(DockerEngine engine, bool ownsEngine)
    {
        _engine = engine;
        _ownsEngine = ownsEngine;
    }

    /// <summary>The engine containers start on; also what <see cref="MountedCodeSchema"/> needs for dev runs.</summary>
    public DockerEngine Engine => _engine;

    /// <summary>Connects to the engine the way the docker CLI would (DOCKER_HOST, context, default socket).</summary>
    public static async Task<DockerContainerHost> ConnectAsync(CancellationToken cancellationToken = default) =>
        new(await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false), ownsEngine: true);

    public void Dispose()
    {
        if (_ownsEngine)
        {
            _engine.Dispose();
        }
    }

    /// <summary>For dev runs (a mounted project), the schema of the mounted code; image runs read their label instead.</summary>
    public async Task<string?> GetSchemaAsync(ModelContainerSpec spec, CancellationToken cancellationToken) =>
        spec.ProjectDirectory is null
            ? null
            : await MountedCodeSchema.GetAsync(_engine, spec.Image, spec.ProjectDirectory, cancellationToken).ConfigureAwait(false);

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
        private static readonly TimeSpan LogDrainGrace = TimeSpan.FromSeconds(1);

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

            // Model logs now reach the user only through this stream, so let it drain to its end (the container has
            // stopped) before giving up on it.
            await Task.WhenAny(_logs, Task.Delay(LogDrainGrace)).ConfigureAwait(false);
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
