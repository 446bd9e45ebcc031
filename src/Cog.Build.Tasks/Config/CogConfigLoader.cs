using Cog.Build.Diagnostics;

namespace Cog.Build.Config;

/// <summary>Reads and validates cog.yaml. The only side effects are file reads (the file itself, and existence checks).</summary>
public static class CogConfigLoader
{
    /// <summary>
    /// Loads <paramref name="path"/>. Diagnostics name the file as given; referenced files (requirements, run.py) are
    /// looked up in <paramref name="projectDirectory"/>, by default the file's folder.
    /// </summary>
    public static ConfigLoadResult Load(string path, string? projectDirectory = null)
    {
        projectDirectory = string.IsNullOrEmpty(projectDirectory) ? Path.GetDirectoryName(Path.GetFullPath(path)) : projectDirectory;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var unreadable = Messages.ConfigUnreadable.Create(path, e.Message).At(path);
            return new ConfigLoadResult(new CogConfig { Source = new ConfigSource(path, projectDirectory, new Dictionary<string, ConfigPosition>()) }, [unreadable]);
        }

        return LoadFromText(text, path, projectDirectory);
    }

    /// <summary>
    /// Parses cog.yaml text. <paramref name="fileName"/> is used in diagnostics; file existence checks run only
    /// when <paramref name="projectDirectory"/> is given.
    /// </summary>
    public static ConfigLoadResult LoadFromText(string text, string fileName, string? projectDirectory = null) =>
        new CogConfigReader(fileName, string.IsNullOrEmpty(projectDirectory) ? null : projectDirectory).Read(text);
}
