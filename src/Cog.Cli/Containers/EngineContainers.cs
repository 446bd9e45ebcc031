using Cog.Build.Diagnostics;
using Cog.Build.Predictions;

namespace Cog.Cli.Containers;

/// <summary>The Docker engine as the prediction session's container host.</summary>
public static class EngineContainers
{
    public static Task<IContainerHost> ConnectAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail("starting model containers");
}
