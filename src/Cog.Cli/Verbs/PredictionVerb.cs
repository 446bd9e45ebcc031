using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Predictions;
using Cog.Build.Schema;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;
using Cog.Cli.Containers;

namespace Cog.Cli.Verbs;

/// <summary>
/// <c>cog run</c> (a prediction), <c>cog predict</c> (its deprecated alias) and <c>cog train</c>. On a project the dev
/// image is built by <c>-t:CogRun</c>/<c>-t:CogTrain</c> and the folder is mounted at /src; given an image nothing is
/// built or mounted. The prediction itself (container up, ready, predict, outputs, container gone) is the session's.
/// </summary>
public static class PredictionVerb
{
    public static IReadOnlyList<FlagSpec> RunFlags { get; } =
    [
        CommonFlags.Input, CommonFlags.Json, CommonFlags.Output, CommonFlags.Env, CommonFlags.Gpus, CommonFlags.SetupTimeout,
        CommonFlags.UseReplicateToken, .. CommonFlags.DevBuild,
    ];

    public static VerbSpec PredictSpec { get; } = new("predict", "Run a prediction (deprecated: use cog run)", "cog predict [IMAGE] [flags]")
    {
        Hidden = true,
        Flags = RunFlags,
        Handler = (context, arguments) =>
        {
            context.Style.Report(Messages.PredictCommandDeprecated.Create());
            var parsed = ArgumentParser.Parse(PredictSpec!, arguments);
            return PredictAsync(context, parsed, "predict", training: false);
        },
    };

    public static VerbSpec TrainSpec { get; } = new("train", "Run training", "cog train [IMAGE] [flags]")
    {
        Description = "Runs the model's train() once with the given inputs. On a project, files the trainer writes under /src appear\nin the folder; the output is written to ./weights unless -o says otherwise.",
        Flags = [CommonFlags.Input, CommonFlags.Output, CommonFlags.Env, CommonFlags.Gpus, .. CommonFlags.DevBuild],
        Examples = ["cog train -i steps=10", "cog train -i data=@dataset.zip -o weights.bin"],
        Handler = (context, arguments) => PredictAsync(context, ArgumentParser.Parse(TrainSpec!, arguments), "train", training: true),
    };

    public static async Task<int> PredictAsync(CommandContext context, ParsedArguments parsed, string verb, bool training)
    {
        if (parsed.Positionals.Count > 1)
        {
            throw Messages.RunArgumentsTooMany.Fail(parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var image = parsed.Positionals.Count == 1 ? parsed.Positionals[0] : null;
        if (image is not null && image.Contains('='))
        {
            throw Messages.InvalidImageName.Fail(image);
        }

        var gpus = GpuOption.Validate(parsed.Get(CommonFlags.Gpus.Long));
        var setupTimeout = ParseSetupTimeout(parsed.Get(CommonFlags.SetupTimeout.Long));
        var inputs = new InputSources(parsed.GetAll(CommonFlags.Input.Long), parsed.Get(CommonFlags.Json.Long), context.WorkingDirectory);
        var contextValues = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parsed.IsOn(CommonFlags.UseReplicateToken.Long))
        {
            contextValues["replicate_api_token"] = Environment.GetEnvironmentVariable("REPLICATE_API_TOKEN") is { Length: > 0 } token
                ? token
                : throw Messages.ReplicateTokenMissing.Fail();
        }

        var environment = parsed.GetAll(CommonFlags.Env.Long).Select(EnvironmentPair).ToList();

        // Malformed -i values fail before anything is built (spec 40 §6.1).
        if (inputs.Json is null)
        {
            InputArgumentParser.Parse(inputs.Inputs);
        }

        // Connecting to the engine overlaps with the build; both take a noticeable part of a second.
        var connecting = EngineContainers.ConnectAsync(context.Cancellation);
        string? schemaJson = null;
        ModelContainerSpec spec;
        if (image is not null)
        {
            var model = await ImageModel.InspectAsync(image, context.Cancellation);
            schemaJson = model.SchemaJson is { } labelSchema && OpenApiSchema.Parse(labelSchema).HasInputs(training) ? labelSchema : null;
            spec = ModelContainerSpec.ForRun(model.Reference, environment, training, context.Debug, projectDirectory: null, gpus ?? model.DefaultGpus);
        }
        else
        {
            var project = ProjectTargets.Locate(context, parsed);
            var properties = ProjectTargets.BuildProperties(project, parsed);
            if (gpus is not null)
            {
                properties["CogGpus"] = gpus;
            }

            var plan = await ProjectTargets.PlanAsync(context, project, training ? "CogTrain" : "CogRun", properties);
            spec = ModelContainerSpec.ForRun(plan.Image, environment, training, context.Debug, plan.ProjectDirectory, gpus ?? NonEmpty(plan.Gpus));
        }

        var host = await connecting;
        var session = new PredictionSession(host, context.Stdout, context.Stderr);
        var options = new PredictionSessionOptions(spec, inputs)
        {
            SchemaJson = schemaJson,
            Training = training,
            Output = parsed.Get(CommonFlags.Output.Long),
            SetupTimeout = setupTimeout,
            Context = contextValues,
            WorkingDirectory = context.WorkingDirectory,
        };
        return await session.RunAsync(options, context.Cancellation);
    }

    internal static KeyValuePair<string, string> EnvironmentPair(string value)
    {
        var equals = value.IndexOf('=');
        return equals < 0
            ? new(value, Environment.GetEnvironmentVariable(value) ?? "")
            : new(value[..equals], value[(equals + 1)..]);
    }

    private static TimeSpan ParseSetupTimeout(string? value)
    {
        if (value is null)
        {
            return TimeSpan.FromSeconds(300);
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw Messages.InvalidFlagValue.Fail("--setup-timeout", value, "give the number of seconds, for example 600");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
