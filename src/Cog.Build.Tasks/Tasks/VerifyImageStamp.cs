using Cog.Build.Diagnostics;
using Cog.Build.Docker;
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

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var stamp = ImageStamp.Read(StampFile);
        if (stamp is null)
        {
            return;
        }

        try
        {
            var exists = ImageExistenceProbe.Exists(stamp.ImageId, TimeSpan.FromSeconds(2))
                ?? await AskEngineAsync(stamp.ImageId, cancellation).ConfigureAwait(false);

            if (exists == false)
            {
                Log.LogMessage(MessageImportance.Normal, $"Image {stamp.ImageName} ({stamp.ImageId}) is gone; it will be built again.");
                File.Delete(StampFile);
                return;
            }
        }
        catch (CogException unreachable)
        {
            // Without an engine the image cannot be checked; the stamp stands and the next verb that needs it reports why.
            Log.LogMessage(MessageImportance.Low, unreachable.Message);
        }

        ImageId = stamp.ImageId;
        ImageName = stamp.ImageName;
    }

    // Kept out of ExecuteAsync so that compiling it does not load the Docker client when the raw probe answered.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async System.Threading.Tasks.Task<bool> AskEngineAsync(string imageId, CancellationToken cancellation)
    {
        using var engine = await DockerEngine.ConnectAsync(cancellation).ConfigureAwait(false);
        return await engine.ImageExistsAsync(imageId, cancellation).ConfigureAwait(false);
    }
}
