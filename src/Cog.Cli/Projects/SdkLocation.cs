using Cog.Build.Diagnostics;

namespace Cog.Cli.Projects;

/// <summary>
/// Where the Cog SDK files (Sdk/Sdk.props, targets/, tasks/, runtime/) are for implicit projects: COG_SDK_DIR, else the
/// sdk/ folder shipped beside the cog command.
/// </summary>
public static class SdkLocation
{
    public static string Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("COG_SDK_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, "sdk"));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "Sdk", "Sdk.props")))
            ?? throw Messages.SdkNotFound.Fail(string.Join(", ", candidates));
    }
}
