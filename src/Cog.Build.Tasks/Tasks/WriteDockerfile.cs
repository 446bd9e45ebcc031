using Cog.Build.Images;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>CogDebug: the Dockerfile generated for the model, written to OutputFile or logged.</summary>
public sealed class WriteDockerfile : CogTask
{
    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string ConfigFile { get; set; } = "";

    public string Image { get; set; } = "";

    public string BaseImage { get; set; } = "";

    public bool SeparateWeights { get; set; }

    public string UseCudaBaseImage { get; set; } = "auto";

    public string UseCogBaseImage { get; set; } = "";

    public string RuntimePath { get; set; } = "";

    public string OutputFile { get; set; } = "";

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var request = BuildImage.CreateRequest(new BuildImage
        {
            ProjectDirectory = ProjectDirectory,
            ConfigFile = ConfigFile,
            StampFile = "",
            Image = Image,
            BaseImage = BaseImage,
            SeparateWeights = SeparateWeights,
            UseCudaBaseImage = UseCudaBaseImage,
            UseCogBaseImage = UseCogBaseImage,
            RuntimePath = RuntimePath,
        });
        var dockerfile = await ImageBuildPipeline.RenderDockerfileAsync(request, buildKit: true, cancellation).ConfigureAwait(false);
        if (OutputFile.Length > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
            await File.WriteAllTextAsync(OutputFile, dockerfile, cancellation).ConfigureAwait(false);
        }
        else
        {
            Log.LogMessage(MessageImportance.High, "{0}", dockerfile);
        }
    }
}
