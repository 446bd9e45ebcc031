using Cog.Build.Predictions;
using Cog.Build.Schema;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>
/// CogRun / CogTrain inside MSBuild: one prediction (or training) with the CogInput items (<c>name=value</c>, <c>@file</c>
/// for files, relative to the model folder) against the dev image, the folder mounted at /src. Text output is logged;
/// files go to CogOutput, by default output.&lt;ext&gt; (train: weights) in the model folder.
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

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        var training = Mode == "train";
        var projectDirectory = Path.GetFullPath(ProjectDirectory);
        var gpus = Gpus.Length > 0 ? Gpus : WriteContainerPlan.ConfigWantsGpu(ConfigFile, projectDirectory, Log) ? "all" : null;
        var spec = ModelContainerSpec.ForRun(ImageId, NameValuePairs(Environment), training, debug: false, projectDirectory, gpus);
        var inputs = InputSources.FromArguments(Inputs.Select(i => i.ItemSpec).ToList(), projectDirectory);

        using var host = await DockerContainerHost.ConnectAsync(cancellation).ConfigureAwait(false);
        using var stdout = new TaskLogWriter(Log, MessageImportance.High);
        using var stderr = new TaskLogWriter(Log, MessageImportance.High);
        var session = new PredictionSession(host, stdout, stderr);
        var exit = await session.RunAsync(
            new PredictionSessionOptions(spec, inputs)
            {
                Training = training,
                Output = Output.Length > 0 ? Output : null,
                SetupTimeout = TimeSpan.FromSeconds(SetupTimeout),
                WorkingDirectory = projectDirectory,
            },
            cancellation).ConfigureAwait(false);
        if (exit != 0)
        {
            Log.LogError(null, "COG5006", null, null, 0, 0, 0, 0, "The prediction did not succeed (exit code {0}); see the response above.", exit);
        }
    }
}
