using System.Collections.Concurrent;

namespace Cog.Build.Dockerfile;

/// <summary>
/// Bounds registry checks: each answer is cached for the lifetime of this object (one build), a check takes at most
/// <see cref="Timeout"/>, and a registry that fails or is slow counts as "not available" with the reason kept for the warning.
/// </summary>
public sealed class CachedBaseImageAvailability : IBaseImageAvailability
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly IBaseImageAvailability inner;
    private readonly ConcurrentDictionary<string, Task<(bool Exists, string? Failure)>> answers = new(StringComparer.Ordinal);

    public CachedBaseImageAvailability(IBaseImageAvailability inner, TimeSpan? timeout = null)
    {
        this.inner = inner;
        Timeout = timeout ?? DefaultTimeout;
    }

    public TimeSpan Timeout { get; }

    public async Task<bool> ExistsAsync(string imageReference, CancellationToken cancellationToken) =>
        (await CheckAsync(imageReference, cancellationToken).ConfigureAwait(false)).Exists;

    /// <summary>Whether the image exists, and why not when the registry could not answer.</summary>
    public Task<(bool Exists, string? Failure)> CheckAsync(string imageReference, CancellationToken cancellationToken) =>
        answers.GetOrAdd(imageReference, reference => AskAsync(reference, cancellationToken));

    private async Task<(bool Exists, string? Failure)> AskAsync(string reference, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var ask = inner.ExistsAsync(reference, timeout.Token);
            var finished = await Task.WhenAny(ask, Task.Delay(Timeout, cancellationToken)).ConfigureAwait(false);
            if (finished != ask)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return (false, $"the registry did not answer within {Timeout.TotalSeconds:0.#} s");
            }

            return (await ask.ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"the registry did not answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or Diagnostics.CogException)
        {
            return (false, "the registry could not be reached: " + e.Message);
        }
    }
}
