using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>Clean with CogCleanImage=true: removes the images named by the stamps (release and dev).</summary>
public sealed class RemoveImage : CogTask
{
    [Required] public ITaskItem[] StampFiles { get; set; } = [];

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail("removing images");
}
