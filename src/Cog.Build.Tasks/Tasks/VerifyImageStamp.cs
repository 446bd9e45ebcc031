using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// The cheap half of a no-op build: reads the stamp and, when the engine no longer has that image, deletes the stamp so
/// the build target runs again. Never builds anything.
/// </summary>
public sealed class VerifyImageStamp : CogTask
{
    [Required] public string StampFile { get; set; } = "";

    [Output] public string ImageId { get; set; } = "";

    [Output] public string ImageName { get; set; } = "";

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var stamp = ImageStamp.Read(StampFile);
        if (stamp is not null)
        {
            ImageId = stamp.ImageId;
            ImageName = stamp.ImageName;
        }

        return System.Threading.Tasks.Task.CompletedTask;
    }
}
