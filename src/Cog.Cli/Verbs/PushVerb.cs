using Cog.Build.Diagnostics;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary><c>cog push [IMAGE]</c>: <c>dotnet msbuild -t:CogPush</c> (build the release image, then push it).</summary>
public static class PushVerb
{
    public static readonly FlagSpec Visibility = new("--visibility", null, "public|private", "Visibility of a Replicate model created by the push (default private).");

    public static readonly FlagSpec Hardware = new("--hardware", null, "SKU", "Hardware of a Replicate model created by the push.");

    public static VerbSpec Spec { get; } = new("push", "Build and push the model's image to a registry", "cog push [IMAGE] [flags]")
    {
        Description = "Builds the release image and pushes it to IMAGE (default: image: in cog.yaml). For r8.im/owner/name a missing\nmodel is created through Replicate's API when a token is at hand (REPLICATE_API_TOKEN or cog login).",
        Flags = [CommonFlags.File, Visibility, Hardware, CommonFlags.NoCache, CommonFlags.Secret, CommonFlags.SeparateWeights, CommonFlags.Progress,
            CommonFlags.UseCudaBaseImage, CommonFlags.UseCogBaseImage, CommonFlags.BaseImage, CommonFlags.OpenApiSchema, CommonFlags.Dockerfile],
        Examples = ["cog push r8.im/me/my-model", "cog push registry.example.com/me/model:1.0"],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 1)
        {
            throw Messages.TooManyArguments.Fail("push", 1, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var project = ProjectTargets.Locate(context, parsed);
        var properties = ProjectTargets.BuildProperties(project, parsed);
        if (parsed.Positionals.Count == 1)
        {
            properties["CogPushImage"] = parsed.Positionals[0];
        }

        if (parsed.Get(Visibility.Long) is { } visibility)
        {
            properties["CogPushVisibility"] = visibility;
        }

        if (parsed.Get(Hardware.Long) is { } hardware)
        {
            properties["CogPushHardware"] = hardware;
        }

        if (context.Registry is { } registry)
        {
            properties["CogRegistryHost"] = registry;
        }

        await ProjectTargets.BuildAsync(context, project, "CogPush", properties);
        return 0;
    }
}
