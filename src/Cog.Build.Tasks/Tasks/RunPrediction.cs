using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// CogRun / CogTrain inside MSBuild: one prediction (or training) with the CogInput items against the dev image, the
/// model folder mounted at /src; outputs go to CogOutput (default: output files in the model folder, text in the log).
/// </summary>
public sealed class RunPrediction : CogTask
{
    [Required] public string Mode { get; set; } = "predict";

    [Required] public string ImageId { get; set; } = "";

    [Required] public string ProjectDirectory { get; set; } = "";

    public string ConfigFile { get; set; } = "";

    public ITaskItem[] Inputs { get; set; } = [];

    public string Output { get; set; } = "";

    public string Gpus { get; set; } = "";

    public ITaskItem[] Environment { get; set; } = [];

    public int SetupTimeout { get; set; } = 300;

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation) =>
        throw Messages.NotImplemented.Fail(Mode == "train" ? "CogTrain" : "CogRun");
}
