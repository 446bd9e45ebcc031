using Cog.Build.Config;
using Cog.Build.Docker;
using Cog.Build.Images;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// CogPush's door to the push pipeline. With <see cref="PrecheckOnly"/> it only checks (and, with a token, creates) the
/// Replicate model, so CogPush can fail fast before CogBuild. Otherwise it tags the built image with the push name and
/// pushes it. Credentials are read by the pipeline from the docker config or the environment, never passed as parameters,
/// so they never reach a log or binlog.
/// </summary>
public sealed class PushImage : CogTask
{
    /// <summary>The image CogBuild produced (id or name); tagged with the push name before pushing. Empty: push the name as is.</summary>
    public string ImageId { get; set; } = "";

    /// <summary>The name CogBuild gave the image (CogImageName); its weights sibling is pushed with SeparateWeights.</summary>
    public string ImageName { get; set; } = "";

    public string ProjectDirectory { get; set; } = "";

    /// <summary>cog.yaml, read for its image: option.</summary>
    public string ConfigFile { get; set; } = "";

    /// <summary>The push target given on the command line (cog push IMAGE).</summary>
    public string Image { get; set; } = "";

    /// <summary>The CogImage property.</summary>
    public string CogImage { get; set; } = "";

    /// <summary>CogImageTags: the image is pushed under each (ContainerImageTags-style).</summary>
    public string[] Tags { get; set; } = [];

    /// <summary>The Replicate registry host (--registry); empty means COG_REGISTRY_HOST, else r8.im.</summary>
    public string RegistryHost { get; set; } = "";

    public string Visibility { get; set; } = "";

    public string Hardware { get; set; } = "";

    public bool SeparateWeights { get; set; }

    public bool PrecheckOnly { get; set; }

    /// <summary>Set when a PrecheckOnly run already checked the model.</summary>
    public bool SkipPrecheck { get; set; }

    [Output] public string PushedDigest { get; set; } = "";

    /// <summary>repository@sha256:… of the pushed image.</summary>
    [Output] public string PushedImage { get; set; } = "";

    [Output] public string ModelUrl { get; set; } = "";

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var request = new PushPipelineRequest
        {
            ImageArgument = Image,
            CogImage = CogImage,
            Tags = Tags,
            ConfigImage = ConfigImageOption(),
            SeparateWeights = SeparateWeights,
            RegistryOption = RegistryHost,
            Visibility = string.IsNullOrWhiteSpace(Visibility) ? "private" : Visibility,
            Hardware = string.IsNullOrWhiteSpace(Hardware) ? "cpu" : Hardware,
            Precheck = !SkipPrecheck,
        };
        void Write(string line) => Log.LogMessage(MessageImportance.High, "{0}", line);

        if (PrecheckOnly)
        {
            await new PushPipeline(docker: null, build: null).PrecheckAsync(request, Write, cancellation).ConfigureAwait(false);
            return;
        }

        using var engine = await DockerEngine.ConnectAsync(cancellation).ConfigureAwait(false);

        var target = PushPipeline.ResolveImage(request);
        var pipeline = new PushPipeline(engine.Client, async (name, token) =>
        {
            // CogBuild already built the image under its own name; the push name is one more tag on it.
            if (ImageId.Length > 0)
            {
                await engine.TagImageAsync(ImageId, name, token).ConfigureAwait(false);
            }

            var builtWeights = ImageName.Length > 0 ? ImageBuildPipeline.WeightsImageName(ImageName) : "";
            if (SeparateWeights && builtWeights.Length > 0 && await engine.ImageExistsAsync(builtWeights, token).ConfigureAwait(false))
            {
                await engine.TagImageAsync(builtWeights, PushPipeline.WeightsImage(target).Name, token).ConfigureAwait(false);
            }
        });
        var result = await pipeline.RunAsync(request, Write, cancellation).ConfigureAwait(false);
        PushedDigest = result.Digest;
        PushedImage = result.Pushed.DigestReference;
        ModelUrl = result.ModelUrl ?? "";
    }

    private string? ConfigImageOption()
    {
        if (ConfigFile.Length == 0 || !File.Exists(ConfigFile))
        {
            return null;
        }

        // Problems in cog.yaml are CogBuild's to report; here only image: matters.
        return CogConfigLoader.Load(ConfigFile, ProjectDirectory.Length > 0 ? ProjectDirectory : null).Config.Image;
    }
}
