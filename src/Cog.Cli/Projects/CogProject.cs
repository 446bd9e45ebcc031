namespace Cog.Cli.Projects;

/// <summary>A model folder as the cog command sees it: where cog.yaml is, and the MSBuild project that builds it.</summary>
/// <param name="Directory">The model folder (holds the config file; mounted at /src).</param>
/// <param name="ConfigFile">Full path of cog.yaml (or the -f file).</param>
/// <param name="ProjectFile">The .cogproj to run targets on: the user's, or the implicit one under .cog/.</param>
/// <param name="Implicit">True when the project was generated because the folder has no .cogproj.</param>
public sealed record CogProject(string Directory, string ConfigFile, string ProjectFile, bool Implicit)
{
    /// <summary>The folder's state directory (.cog/): implicit project, plans; never part of the build context.</summary>
    public string StateDirectory => Path.Combine(Directory, ".cog");
}
