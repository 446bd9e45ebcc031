using Cog.Build.Docker;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>Clean with CogCleanImage=true: removes the images named by the stamps (release and dev).</summary>
public sealed class RemoveImage : CogTask
{
    [Required] public ITaskItem[] StampFiles { get; set; } = [];

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var stamps = StampFiles.Select(f => ImageStamp.Read(f.ItemSpec)).OfType<ImageStamp>().ToList();
        if (stamps.Count == 0)
        {
            return;
        }

        using var engine = await DockerEngine.ConnectAsync(cancellation).ConfigureAwait(false);
        foreach (var stamp in stamps)
        {
            await engine.RemoveImageAsync(stamp.ImageName.Length > 0 ? stamp.ImageName : stamp.ImageId, cancellation).ConfigureAwait(false);
            await engine.RemoveImageAsync(stamp.ImageId, cancellation).ConfigureAwait(false);
            Log.LogMessage(MessageImportance.High, $"Removed image {stamp.ImageName}");
        }
    }
}
