using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cog.Build.Docker;

/// <summary>
/// A started container. Disposing it always removes it (forcefully, with its anonymous volumes), whatever state it is in,
/// so a failure or Ctrl-C never leaves containers behind.
/// </summary>
public sealed class RunningContainer : IAsyncDisposable
{
    private readonly IDockerClient _client;
    private int _removed;

    internal RunningContainer(IDockerClient client, string id, IReadOnlyDictionary<int, int> hostPorts)
    {
        _client = client;
        Id = id;
        HostPorts = hostPorts;
    }

    public string Id { get; }

    /// <summary>Container port → the 127.0.0.1 port it is published on.</summary>
    public IReadOnlyDictionary<int, int> HostPorts { get; }

    /// <summary>Follows the container's output until it exits (or <paramref name="cancellationToken"/> fires), line by line.</summary>
    public async Task StreamLogsAsync(Action<string, bool> line, CancellationToken cancellationToken = default)
    {
        using var stream = await _client.Containers.GetContainerLogsAsync(
            Id, new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[8192];
        var partial = new Dictionary<bool, StringBuilder> { [false] = new(), [true] = new() };
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var isError = read.Target == MultiplexedStream.TargetStream.StandardError;
            var text = partial[isError].Append(Encoding.UTF8.GetString(buffer, 0, read.Count)).ToString();
            var last = text.LastIndexOf('\n');
            if (last < 0)
            {
                continue;
            }

            partial[isError].Clear().Append(text[(last + 1)..]);
            foreach (var l in text[..last].Split('\n'))
            {
                line(l.TrimEnd('\r'), isError);
            }
        }

        foreach (var (isError, rest) in partial)
        {
            if (rest.Length > 0)
            {
                line(rest.ToString(), isError);
            }
        }
    }

    /// <summary>Everything the container has printed so far (stdout, stderr).</summary>
    public async Task<(string Stdout, string Stderr)> ReadLogsAsync(CancellationToken cancellationToken = default)
    {
        using var stream = await _client.Containers.GetContainerLogsAsync(
            Id, new ContainerLogsParameters { Follow = false, ShowStdout = true, ShowStderr = true }, cancellationToken).ConfigureAwait(false);
        return await stream.ReadOutputToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> WaitAsync(CancellationToken cancellationToken = default)
    {
        var response = await _client.Containers.WaitContainerAsync(Id, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        var state = await _client.Containers.InspectContainerAsync(Id, cancellationToken).ConfigureAwait(false);
        return state.State?.Running == true;
    }

    /// <summary>Sends SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default) =>
        _client.Containers.StopContainerAsync(Id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1)
        {
            return;
        }

        try
        {
            // Not the caller's token: removal must happen even when the caller was canceled.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException error) when (error.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already gone, or removal already in progress.
        }
    }
}
