using System.Text.RegularExpressions;

namespace Cog.Build.Config;

/// <summary>Chooses the output image name: <c>-t</c> &gt; <c>image:</c> &gt; <c>model:</c> &gt; a name derived from the folder.</summary>
public static partial class ImageNaming
{
    public static string Choose(CogConfig config, string projectDirectory, string? explicitTag = null) =>
        !string.IsNullOrEmpty(explicitTag) ? explicitTag
        : config.Image ?? config.Model ?? DefaultName(projectDirectory);

    /// <summary><c>cog-</c> + the folder name lowercased, spaces as '-', other characters dropped, cut to 25 characters.</summary>
    public static string DefaultName(string projectDirectory)
    {
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory)));
        var name = NotAllowed().Replace(folder.ToLowerInvariant().Replace(' ', '-'), string.Empty);
        if (name.Length > 25)
        {
            name = name[..25];
        }

        return name.StartsWith("cog-", StringComparison.Ordinal) ? name : "cog-" + name;
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotAllowed();
}
