using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// Builds the model's image (release, or the dev image's dependency stage) through the build pipeline and writes the
/// stamp that makes CogBuild incremental.
/// </summary>
public sealed class BuildImage : CogTask
{
    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string ConfigFile { get; set; } = "";

    [Required] public string StampFile { get; set; } = "";

    public string Image { get; set; } = "";

    public string BaseImage { get; set; } = "";

    public bool NoCache { get; set; }

    public bool SeparateWeights { get; set; }

    public string UseCudaBaseImage { get; set; } = "auto";

    public string UseCogBaseImage { get; set; } = "";

    public ITaskItem[] Secrets { get; set; } = [];

    public ITaskItem[] Labels { get; set; } = [];

    public string RuntimePath { get; set; } = "";

    public string SdkVersion { get; set; } = "";

    public bool DevImage { get; set; }

    [Output] public string ImageId { get; set; } = "";

    [Output] public string ImageName { get; set; } = "";

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail(DevImage ? "building the dev image" : "building the image");
}
