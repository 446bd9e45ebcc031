using Cog.Build.Config;
using Cog.Build.Diagnostics;
using Microsoft.Build.Framework;

namespace Cog.Build.Tasks;

/// <summary>Writes the <see cref="ContainerPlan"/> of a dev verb for the cog command (targets _CogRunPlan, _CogServePlan …).</summary>
public sealed class WriteContainerPlan : CogTask
{
    [Required] public string Verb { get; set; } = "";

    [Required] public string PlanFile { get; set; } = "";

    [Required] public string ImageId { get; set; } = "";

    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string ConfigFile { get; set; } = "";

    public string Gpus { get; set; } = "";

    public ITaskItem[] Environment { get; set; } = [];

    public int SetupTimeout { get; set; } = 300;

    public int Port { get; set; } = 5000;

    public string UploadUrl { get; set; } = "";

    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken cancellation)
    {
        if (Verb is not ("run" or "train" or "serve" or "exec"))
        {
            throw Messages.UnknownPlanVerb.Fail(Verb);
        }

        var config = LoadConfig(ConfigFile, ProjectDirectory, Log);
        var plan = new ContainerPlan
        {
            Verb = Verb,
            Image = ImageId,
            ProjectDirectory = Path.GetFullPath(ProjectDirectory),
            ConfigFile = Path.GetFullPath(ConfigFile),
            Gpus = Gpus.Length > 0 ? Gpus : config.Build.Gpu ? "all" : "",
            Environment = NameValuePairs(Environment).Select(pair => $"{pair.Key}={pair.Value}").ToList(),
            SetupTimeoutSeconds = SetupTimeout,
            Port = Port,
            UploadUrl = UploadUrl,
            HasTrain = config.Train is not null,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(PlanFile))!);
        File.WriteAllText(PlanFile, plan.ToJson());
        return System.Threading.Tasks.Task.CompletedTask;
    }

    internal static CogConfig LoadConfig(string configFile, string projectDirectory, Microsoft.Build.Utilities.TaskLoggingHelper log)
    {
        var loaded = CogConfigLoader.Load(configFile, projectDirectory);
        foreach (var warning in loaded.Warnings)
        {
            LogDiagnostic(log, warning);
        }

        return loaded.GetConfigOrThrow();
    }

    internal static bool ConfigWantsGpu(string configFile, string projectDirectory, Microsoft.Build.Utilities.TaskLoggingHelper log) =>
        configFile.Length > 0 && LoadConfig(configFile, projectDirectory, log).Build.Gpu;
}
