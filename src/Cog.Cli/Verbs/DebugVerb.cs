using Cog.Build.Diagnostics;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary><c>cog debug</c> (hidden): prints the generated Dockerfile on stdout (spec 40 §5), via <c>-t:CogDebug</c>.</summary>
public static class DebugVerb
{
    public static readonly FlagSpec ImageName = new("--image-name", null, "NAME", "The image name used in the weights Dockerfiles.");

    public static VerbSpec Spec { get; } = new("debug", "Print the Dockerfile generated from cog.yaml", "cog debug [flags]")
    {
        Hidden = true,
        Flags = [CommonFlags.File, CommonFlags.SeparateWeights, ImageName, CommonFlags.UseCudaBaseImage, CommonFlags.UseCogBaseImage, CommonFlags.BaseImage],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 0)
        {
            throw Messages.TooManyArguments.Fail("debug", 0, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var project = ProjectTargets.Locate(context, parsed);
        var properties = ProjectTargets.BuildProperties(project, parsed);
        Directory.CreateDirectory(project.StateDirectory);
        var output = Path.Combine(project.StateDirectory, $"Dockerfile.debug-{Environment.ProcessId}");
        properties["CogDockerfileOutput"] = output;
        if (parsed.Get(ImageName.Long) is { } name)
        {
            properties["CogImage"] = name;
        }

        try
        {
            await ProjectTargets.BuildAsync(context, project, "CogDebug", properties);
            await context.Stdout.WriteLineAsync(await File.ReadAllTextAsync(output, context.Cancellation));
        }
        finally
        {
            File.Delete(output);
        }

        return 0;
    }
}
