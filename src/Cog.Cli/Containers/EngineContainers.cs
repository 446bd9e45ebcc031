using Cog.Build.Predictions;

namespace Cog.Cli.Containers;

/// <summary>The Docker engine as the prediction session's container host.</summary>
public static class EngineContainers
{
    public static async Task<IContainerHost> ConnectAsync(CancellationToken cancellation) =>
        await DockerContainerHost.ConnectAsync(cancellation);
}
