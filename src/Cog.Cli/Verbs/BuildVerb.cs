using Cog.Build.Diagnostics;
using Cog.Cli.Build;
using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary><c>cog build</c>: <c>dotnet msbuild -t:CogBuild</c> on the model's project (the release image).</summary>
public static class BuildVerb
{
    public static readonly FlagSpec Tag = new("--tag", "-t", "NAME", "The image name (default: image: in cog.yaml, else cog-<folder>).");

    public static VerbSpec Spec { get; } = new("build", "Build an image from cog.yaml", "cog build [flags]")
    {
        Description = "Builds the model's release image: dependencies, then the model code, then labels with its config and schema.\nThe same as `dotnet build` on the model's .cogproj.",
        Flags = [CommonFlags.File, Tag, CommonFlags.NoCache, CommonFlags.Secret, CommonFlags.SeparateWeights, CommonFlags.Progress,
            CommonFlags.UseCudaBaseImage, CommonFlags.UseCogBaseImage, CommonFlags.BaseImage, CommonFlags.OpenApiSchema, CommonFlags.Dockerfile],
        Examples = ["cog build", "cog build -t registry.example.com/me/model:1.0"],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 0)
        {
            throw Messages.TooManyArguments.Fail("build", 0, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        ProjectTargets.CheckExclusiveBaseImageFlags(parsed);
        var project = ProjectTargets.Locate(context, parsed);
        var properties = ProjectTargets.BuildProperties(project, parsed);
        if (parsed.Get(Tag.Long) is { } tag)
        {
            properties["CogImage"] = tag;
        }

        await ProjectTargets.BuildAsync(context, project, "CogBuild", properties);
        return 0;
    }
}
