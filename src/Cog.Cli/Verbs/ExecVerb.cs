using Cog.Build.Diagnostics;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;
using Cog.Cli.Containers;

namespace Cog.Cli.Verbs;

/// <summary>
/// <c>cog exec CMD…</c> and <c>cog run CMD…</c>: <c>-t:CogExec</c> builds the dev image and computes the container, then
/// the command runs in it attached to this terminal with the folder mounted at /src (spec 40 §8).
/// </summary>
public static class ExecVerb
{
    public static IReadOnlyList<FlagSpec> ExecFlags { get; } = [CommonFlags.Env, CommonFlags.Publish, CommonFlags.Gpus, .. CommonFlags.DevBuild];

    public static VerbSpec Spec { get; } = new("exec", "Run a command inside a Docker environment", "cog exec [flags] COMMAND [ARG...]")
    {
        Description = "Runs a command in the model's environment (its dev image) with the current folder mounted at /src.\nWith a terminal it is interactive (cog exec bash); otherwise stdin is piped through.",
        Flags = ExecFlags,
        StopAtFirstPositional = true,
        Examples = ["cog exec python -c 'import sys; print(sys.version)'", "cog exec -p 8888 jupyter notebook", "echo hi | cog exec cat"],
        Handler = (context, arguments) => RunCommandAsync(context, ArgumentParser.Parse(Spec!, arguments), "exec"),
    };

    public static async Task<int> RunCommandAsync(CommandContext context, ParsedArguments parsed, string verb)
    {
        if (parsed.Positionals.Count == 0)
        {
            throw Messages.MissingArgument.Fail(verb, "a command to run", $"cog {verb} python --version");
        }

        ProjectTargets.CheckExclusiveBaseImageFlags(parsed);
        var gpus = GpuOption.Validate(parsed.Get(CommonFlags.Gpus.Long));
        var publish = parsed.GetAll(CommonFlags.Publish.Long).Select(PortOption.Parse).Select(p => p.DockerPublish).ToList();
        var environment = parsed.GetAll(CommonFlags.Env.Long).Select(PredictionVerb.EnvironmentPair).ToList();
        var project = ProjectTargets.Locate(context, parsed);
        var properties = ProjectTargets.BuildProperties(project, parsed);
        if (gpus is not null)
        {
            properties["CogGpus"] = gpus;
        }

        var plan = await ProjectTargets.PlanAsync(context, project, "CogExec", properties);
        environment.Add(new("LOG_FORMAT", "console"));
        context.Style.Plain($"Running {string.Join(" ", parsed.Positionals)} in Docker with the current directory mounted as a volume...");
        var container = new TerminalContainer(plan.Image, parsed.Positionals)
        {
            ProjectDirectory = plan.ProjectDirectory,
            Environment = environment,
            Publish = publish,
            Gpus = gpus ?? (plan.Gpus.Length > 0 ? plan.Gpus : null),
        };
        var status = await container.RunAsync(context.Cancellation);
        return status == 0 ? 0 : throw Messages.ContainerExitStatus.Fail(status);
    }
}
