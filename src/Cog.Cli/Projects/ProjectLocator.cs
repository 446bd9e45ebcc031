using Cog.Build.Diagnostics;

namespace Cog.Cli.Projects;

/// <summary>
/// Finds the model folder like upstream: walk up from the working directory (at most 100 levels) to the first folder
/// holding the config file. Its .cogproj is used when there is one; otherwise an implicit project is written under .cog/.
/// </summary>
public static class ProjectLocator
{
    private const int MaxLevels = 100;

    public static CogProject Locate(string workingDirectory, string? configName)
    {
        var name = string.IsNullOrEmpty(configName) ? "cog.yaml" : configName;
        var configFile = FindConfig(workingDirectory, name) ?? throw Messages.ConfigNotFound.Fail(name, workingDirectory);
        var directory = Path.GetDirectoryName(configFile)!;
        var projects = System.IO.Directory.GetFiles(directory, "*.cogproj").Order(StringComparer.Ordinal).ToList();
        return projects.Count switch
        {
            1 => new CogProject(directory, configFile, projects[0], Implicit: false),
            0 => new CogProject(directory, configFile, ImplicitProject.Write(directory), Implicit: true),
            _ => throw Messages.SeveralProjects.Fail(directory, string.Join(", ", projects.Select(Path.GetFileName))),
        };
    }

    private static string? FindConfig(string workingDirectory, string name)
    {
        // A path (-f sub/cog.yaml) names the file directly; a bare name is searched for upwards.
        if (name.Contains('/') || name.Contains(Path.DirectorySeparatorChar))
        {
            var path = Path.GetFullPath(name, workingDirectory);
            return File.Exists(path) ? path : null;
        }

        var directory = new DirectoryInfo(Path.GetFullPath(workingDirectory));
        for (var level = 0; directory is not null && level < MaxLevels; level++, directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
