namespace Cog.Build.Predictions;

/// <summary>
/// A started model server. Disposing stops it (3 s grace, then kill) and removes it; disposal never throws and never
/// waits on the caller's cancellation, so Ctrl-C still cleans up.
/// </summary>
public interface IModelContainer : IAsyncDisposable
{
    /// <summary>Base address of the server, e.g. <c>http://127.0.0.1:49153/</c>.</summary>
    Uri ServerAddress { get; }

    /// <summary>False once the container has exited or died.</summary>
    Task<bool> IsRunningAsync(CancellationToken cancellationToken);
}
