using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// CogServe / CogExec inside MSBuild (no terminal): runs the dev image with the model folder at /src, streams its output
/// to the log and removes the container when it exits or the build is canceled.
/// </summary>
public sealed class RunContainer : CogTask
{
    [Required] public string Verb { get; set; } = "";

    [Required] public string ImageId { get; set; } = "";

    [Required] public string ProjectDirectory { get; set; } = "";

    public string ConfigFile { get; set; } = "";

    public string Command { get; set; } = "";

    public string Gpus { get; set; } = "";

    public ITaskItem[] Environment { get; set; } = [];

    public int Port { get; set; } = 5000;

    public string UploadUrl { get; set; } = "";

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail(Verb == "serve" ? "CogServe" : "CogExec");
}
