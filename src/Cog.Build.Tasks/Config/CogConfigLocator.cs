using Cog.Build.Diagnostics;

namespace Cog.Build.Config;

/// <summary>Finds cog.yaml (or the file named by <c>-f</c>) in a folder or the nearest parent that has it.</summary>
public static class CogConfigLocator
{
    public const string DefaultFileName = "cog.yaml";

    private const int MaxLevels = 100;

    /// <summary>
    /// Searches <paramref name="startDirectory"/> and its parents for <paramref name="explicitFile"/> (default cog.yaml).
    /// An absolute <paramref name="explicitFile"/> is used as is. Throws <see cref="CogException"/> (COG1001) when nothing is found.
    /// </summary>
    public static ConfigLocation Find(string startDirectory, string? explicitFile = null) =>
        TryFind(startDirectory, explicitFile)
        ?? throw Messages.ConfigNotFound.Fail(string.IsNullOrEmpty(explicitFile) ? DefaultFileName : explicitFile, Path.GetFullPath(startDirectory));

    public static ConfigLocation? TryFind(string startDirectory, string? explicitFile = null)
    {
        var name = string.IsNullOrEmpty(explicitFile) ? DefaultFileName : explicitFile;
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? new ConfigLocation(Path.GetDirectoryName(name)!, name) : null;
        }

        var directory = new DirectoryInfo(Path.GetFullPath(startDirectory));
        for (var level = 0; directory is not null && level < MaxLevels; level++, directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, name);
            if (File.Exists(candidate))
            {
                // A -f path with folders ("models/a.yaml") makes the folder holding the file the project directory.
                return new ConfigLocation(Path.GetDirectoryName(candidate)!, candidate);
            }
        }

        return null;
    }
}
