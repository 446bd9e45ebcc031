using Cog.Build.Predictions;
using Cog.Cli.CommandLine;
using Cog.Cli.Containers;

namespace Cog.Cli.Verbs;

/// <summary>
/// <c>cog run</c>: a prediction (no positional, a prediction flag, or an image reference) or a command run like
/// <c>cog exec</c> (<c>cog run bash</c>, <c>cog run -- CMD</c>), by the rule in spec 00 "Naming and verbs".
/// </summary>
public static class RunVerb
{
    public static VerbSpec Spec { get; } = new("run", "Run a prediction, or a command inside the model's environment", "cog run [IMAGE] [-i name=value...] | cog run [flags] COMMAND [ARG...]")
    {
        Description = """
            Runs a prediction: builds the dev image (if needed), starts the model with the folder mounted at /src, sends the
            inputs and writes the output (text to stdout, files to output.<ext>). With an image argument (a name holding
            '/', ':' or '@', or a local Cog image) it runs that image instead, building nothing.
            With a command instead (cog run bash, cog run python train.py, cog run -- CMD) it runs the command in the
            model's environment like cog exec.
            """,
        Flags = [.. PredictionVerb.RunFlags, CommonFlags.Publish],
        Examples = ["cog run -i name=World", "cog run -i image=@photo.jpg -o out.png", "cog run registry.example.com/me/model:1 -i x=1",
            "cog run --json '{\"text\": \"hi\"}'", "cog run bash", "cog run -- python -c 'print(1)'"],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var decision = RunModeRule.Decide(arguments, name => ImageModel.IsLocalCogImageAsync(name, context.Cancellation).GetAwaiter().GetResult());
        if (decision.Mode == RunMode.Command)
        {
            var options = ArgumentParser.Parse(ExecVerb.Spec, decision.Options);
            options.Positionals.AddRange(decision.Command);
            return await ExecVerb.RunCommandAsync(context, options, "run");
        }

        var parsed = ArgumentParser.Parse(Spec, decision.Options);
        if (decision.Image is not null)
        {
            parsed.Positionals.Insert(0, decision.Image);
        }

        return await PredictionVerb.PredictAsync(context, parsed, "run", training: false);
    }
}
