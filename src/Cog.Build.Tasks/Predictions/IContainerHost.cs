namespace Cog.Build.Predictions;

/// <summary>
/// Starts the container a prediction runs in. The Docker implementation lives in <c>Docker/</c>; tests may run the
/// runtime as a host process. The session depends on this seam only, so it never talks to the engine itself.
/// </summary>
public interface IContainerHost
{
    /// <summary>
    /// Starts the model server detached with its port published on 127.0.0.1 and follows its logs (stdout and stderr)
    /// into <paramref name="logs"/>. Returns once the server's address is known, not once it is ready.
    /// </summary>
    Task<IModelContainer> StartAsync(ModelContainerSpec spec, TextWriter logs, CancellationToken cancellationToken);
}
