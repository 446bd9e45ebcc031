namespace Cog.Build.Config;

/// <summary>A found config file and the project directory it defines (the build context root).</summary>
public sealed record ConfigLocation(string ProjectDirectory, string ConfigPath)
{
    /// <summary>True when the file is not called cog.yaml (the image then gets a copy named cog.yaml).</summary>
    public bool IsNonDefaultName => !string.Equals(Path.GetFileName(ConfigPath), CogConfigLocator.DefaultFileName, StringComparison.Ordinal);
}
