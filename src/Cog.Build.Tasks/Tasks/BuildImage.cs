using Cog.Build.Config;
using Cog.Build.Docker;
using Cog.Build.Dockerfile;
using Cog.Build.Images;
using Cog.Build.Registry;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// Builds the model's image (release, or the dev image's dependency stage) through the build pipeline and writes the
/// stamp that makes CogBuild incremental. The dev image gets its own name (cog-&lt;folder&gt;-dev) so it never takes the
/// release image's tag.
/// </summary>
public sealed class BuildImage : CogTask
{
    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string ConfigFile { get; set; } = "";

    [Required] public string StampFile { get; set; } = "";

    public string Image { get; set; } = "";

    /// <summary>CogImageTags: the release image is tagged with each (the first names it; none: Image as given).</summary>
    public string[] Tags { get; set; } = [];

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

    /// <summary>quiet keeps the engine's step output out of the console log.</summary>
    public string Progress { get; set; } = "";

    [Output] public string ImageId { get; set; } = "";

    [Output] public string ImageName { get; set; } = "";

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var names = !DevImage && Image.Length > 0 ? ImageReference.Parse(Image).WithTags(Tags) : [];
        if (names.Count > 0)
        {
            Image = names[0].Name;
        }

        var request = CreateRequest(this);
        var configName = Path.GetFileName(ConfigFile);
        Log.LogMessage(MessageImportance.High, DevImage
            ? $"Building Docker image from environment in {configName}..."
            : $"Building Docker image from environment in {configName}{(Image.Length > 0 ? " as " + Image : "")}...");

        using var engine = await DockerEngine.ConnectAsync(cancellation).ConfigureAwait(false);
        var stepImportance = Progress == "quiet" ? MessageImportance.Low : MessageImportance.High;
        var pipeline = new ImageBuildPipeline(engine, line => Log.LogMessage(stepImportance, "{0}", line));
        var outcome = await pipeline.BuildAsync(request, cancellation).ConfigureAwait(false);
        foreach (var warning in outcome.Warnings)
        {
            LogDiagnostic(warning);
        }

        ImageId = outcome.ImageId;
        ImageName = outcome.ImageName;
        foreach (var other in names.Skip(1))
        {
            await engine.TagImageAsync(ImageId, other.Name, cancellation).ConfigureAwait(false);
        }

        new ImageStamp(ImageId, ImageName).Write(StampFile);
        Log.LogMessage(MessageImportance.High, DevImage ? $"Dev image ready as {ImageName}" : $"Image built as {ImageName}");
    }

    internal static ImageBuildRequest CreateRequest(BuildImage task)
    {
        var projectDirectory = Path.GetFullPath(task.ProjectDirectory);
        var imageName = task.Image.Length > 0 ? task.Image : null;
        if (task.DevImage)
        {
            imageName = ImageNaming.DefaultName(projectDirectory) + "-dev";
        }

        return new ImageBuildRequest(projectDirectory, task.RuntimePath)
        {
            ConfigFile = task.ConfigFile,
            ImageName = imageName,
            BaseImage = new BaseImageOptions(
                BaseImageOptions.ParseFlag(task.UseCogBaseImage),
                BaseImageOptions.ParseFlag(task.UseCudaBaseImage),
                task.BaseImage.Length > 0 ? task.BaseImage : null),
            NoCache = task.NoCache,
            SeparateWeights = task.SeparateWeights && !task.DevImage,
            DevImage = task.DevImage,
            Secrets = task.Secrets.Select(s => s.ItemSpec).ToList(),
            Labels = NameValuePairs(task.Labels).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            CogVersion = task.SdkVersion.Length > 0 ? task.SdkVersion : ImageLabels.DefaultCogVersion,
        };
    }
}
