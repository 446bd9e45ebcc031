using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary><c>cog init</c>: writes the starter files into the current folder, never overwriting one (spec 40 §3).</summary>
public static class InitVerb
{
    public static VerbSpec Spec { get; } = new("init", "Set up a new model in the current folder", "cog init")
    {
        Description = "Writes cog.yaml, run.py (a BaseRunner skeleton), requirements.txt, .dockerignore and <folder>.cogproj into the\ncurrent folder. Existing files are never overwritten.",
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 0)
        {
            throw Cog.Build.Diagnostics.Messages.TooManyArguments.Fail("init", 0, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var folder = new DirectoryInfo(context.WorkingDirectory);
        context.Style.Plain("Setting up the current directory for use with Cog...");
        context.Style.Plain("");
        foreach (var (relative, content) in InitTemplates.For(ProjectName(folder.Name), "Cog.Sdk/" + CogCommand.Version()).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(folder.FullName, relative);
            if (File.Exists(path))
            {
                context.Style.Plain($"Skipped existing {relative}");
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, context.Cancellation);
            context.Style.Plain($"Creating {relative}");
        }

        context.Style.Plain("");
        context.Style.Success("Done! Next steps:");
        context.Style.Plain("  cog run -i text=hello     run the model once (builds its image first)");
        context.Style.Plain("  dotnet build              build the release image with MSBuild");
        context.Style.Plain("  cog serve                 serve the HTTP API on http://localhost:5000");
        return 0;
    }

    // A project name MSBuild and file systems are happy with.
    private static string ProjectName(string folder)
    {
        var name = new string(folder.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-', '.');
        return name.Length > 0 ? name : "model";
    }
}
