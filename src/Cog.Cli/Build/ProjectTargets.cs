using Cog.Build.Diagnostics;
using Cog.Build.Tasks;
using Cog.Cli.CommandLine;
using Cog.Cli.Projects;

namespace Cog.Cli.Build;

/// <summary>
/// The project verbs' bridge to MSBuild: build flags become Cog* properties, a target runs, and for dev verbs the
/// container plan the target wrote is read back.
/// </summary>
public static class ProjectTargets
{
    public static CogProject Locate(CommandContext context, ParsedArguments arguments) =>
        ProjectLocator.Locate(context.WorkingDirectory, arguments.Get(CommonFlags.File.Long));

    /// <summary>Properties for the build flags of spec 40 §1 that were given.</summary>
    public static Dictionary<string, string> BuildProperties(CogProject project, ParsedArguments arguments)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!project.Implicit || arguments.Has(CommonFlags.File.Long))
        {
            // Relative to the folder when inside it, as `dotnet build` sees the default: the same settings either way,
            // so switching between the two does not rebuild the images.
            var relative = Path.GetRelativePath(project.Directory, project.ConfigFile);
            properties["CogConfigFile"] = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? project.ConfigFile : relative;
        }

        Map(arguments, properties, CommonFlags.UseCudaBaseImage, "CogUseCudaBaseImage");
        Map(arguments, properties, CommonFlags.UseCogBaseImage, "CogUseCogBaseImage");
        Map(arguments, properties, CommonFlags.BaseImage, "CogBaseImage");
        Map(arguments, properties, CommonFlags.Dockerfile, "CogDockerfile");
        Map(arguments, properties, CommonFlags.Progress, "CogProgress");
        Map(arguments, properties, CommonFlags.OpenApiSchema, "CogOpenApiSchemaFile");
        if (arguments.IsOn(CommonFlags.NoCache.Long))
        {
            properties["CogNoCache"] = "true";
        }

        if (arguments.IsOn(CommonFlags.SeparateWeights.Long))
        {
            properties["CogSeparateWeights"] = "true";
        }

        if (arguments.GetAll(CommonFlags.Secret.Long) is { Count: > 0 } secrets)
        {
            // Secrets are items; the targets split this list (escaped ';' inside a value stays inside it).
            properties["CogSecretList"] = string.Join(";", secrets.Select(s => s.Replace(";", "%3B", StringComparison.Ordinal)));
        }

        return properties;
    }

    /// <summary>build and exec refuse two explicit base-image choices (spec 40 §1).</summary>
    public static void CheckExclusiveBaseImageFlags(ParsedArguments arguments)
    {
        var given = new[] { CommonFlags.UseCogBaseImage, CommonFlags.UseCudaBaseImage, CommonFlags.Dockerfile }
            .Where(f => arguments.Has(f.Long)).Select(f => f.Long.TrimStart('-')).ToList();
        if (given.Count >= 2)
        {
            throw Messages.BaseImageFlagsExclusive.Fail(given[0], given[1]);
        }
    }

    public static async Task BuildAsync(
        CommandContext context, CogProject project, string target, IReadOnlyDictionary<string, string> properties)
    {
        // The cog command prints the image it built itself; the "<project> -> <image>" line is for MSBuild's loggers.
        var withoutReport = new Dictionary<string, string>(properties) { ["CogReportImage"] = "false" };
        var exit = await MSBuildRunner.RunAsync(project.ProjectFile, target, withoutReport, context.Debug, context.Stderr, context.Cancellation, context.BinaryLog);
        if (exit != 0)
        {
            throw Messages.MSBuildVerbFailed.Fail(target, project.ProjectFile);
        }
    }

    /// <summary>Runs a dev target (CogRun, CogTrain, CogServe, CogExec) and returns the plan it wrote.</summary>
    public static async Task<ContainerPlan> PlanAsync(
        CommandContext context, CogProject project, string target, Dictionary<string, string> properties)
    {
        Directory.CreateDirectory(project.StateDirectory);
        var cacheFile = PlanCache.CacheFile(project.StateDirectory, target);
        // A binary log asks for a look at MSBuild, so a kept plan is not enough.
        var staleReason = "";
        if (context.BinaryLog is null && PlanCache.TryRead(cacheFile, project.ProjectFile, properties, out staleReason) is { } kept)
        {
            if (context.Debug)
            {
                await context.Stderr.WriteLineAsync($"Nothing changed since the last {target}; using its plan without MSBuild ({cacheFile}).");
            }

            return kept;
        }

        if (context.Debug && staleReason.Length > 0)
        {
            await context.Stderr.WriteLineAsync($"Running {target} in MSBuild: {staleReason}.");
        }

        var planFile = Path.Combine(project.StateDirectory, $"plan-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        properties["CogPlanFile"] = planFile;
        var started = DateTime.UtcNow;
        try
        {
            PlanCache.Delete(cacheFile);
            await BuildAsync(context, project, target, properties);
            if (!File.Exists(planFile))
            {
                throw Messages.PlanMissing.Fail(planFile);
            }

            var planJson = await File.ReadAllTextAsync(planFile, context.Cancellation);
            var plan = ContainerPlan.FromJson(planJson);
            PlanCache.Write(cacheFile, project.ProjectFile, properties, started, planJson, planFile + ".inputs");
            return plan;
        }
        finally
        {
            File.Delete(planFile);
            File.Delete(planFile + ".inputs");
        }
    }

    private static void Map(ParsedArguments arguments, Dictionary<string, string> properties, FlagSpec flag, string property)
    {
        if (arguments.Get(flag.Long) is { } value)
        {
            properties[property] = value;
        }
    }
}
