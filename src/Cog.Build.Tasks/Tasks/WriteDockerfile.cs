using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks;

/// <summary>CogDebug: the Dockerfile generated for the model, logged and optionally written to a file.</summary>
public sealed class WriteDockerfile : CogTask
{
    [Microsoft.Build.Framework.Required] public string ProjectDirectory { get; set; } = "";

    [Microsoft.Build.Framework.Required] public string ConfigFile { get; set; } = "";

    public string BaseImage { get; set; } = "";

    public bool SeparateWeights { get; set; }

    public string UseCudaBaseImage { get; set; } = "auto";

    public string UseCogBaseImage { get; set; } = "";

    public string OutputFile { get; set; } = "";

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail("CogDebug");
}
