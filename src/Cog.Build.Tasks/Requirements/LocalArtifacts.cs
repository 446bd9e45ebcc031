using Cog.Build.Diagnostics;

namespace Cog.Build.Requirements;

/// <summary>
/// Finds local artifact lines (spec 10 §3), checks they are regular files inside the project, and rewrites them to the
/// path they have in the image. Reads the file system (existence, symlinks) but writes nothing.
/// </summary>
public static class LocalArtifacts
{
    public sealed record Result(IReadOnlyList<Requirement> Requirements, IReadOnlyList<LocalArtifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics);

    public static Result Resolve(IReadOnlyList<Requirement> requirements, string requirementsDirectory, string projectDirectory)
    {
        var project = Path.GetFullPath(projectDirectory);
        var rewritten = new List<Requirement>();
        var artifacts = new List<LocalArtifact>();
        var diagnostics = new List<Diagnostic>();
        foreach (var requirement in requirements)
        {
            if (Rejection(requirement) is { } reason)
            {
                diagnostics.Add(Messages.LocalArtifactInvalid.Create(requirement.Text, reason));
                rewritten.Add(requirement);
                continue;
            }

            if (!requirement.IsBarePath)
            {
                rewritten.Add(requirement);
                continue;
            }

            var artifact = Locate(requirement.Text, requirementsDirectory, project, out var problem);
            if (artifact is null)
            {
                diagnostics.Add(Messages.LocalArtifactInvalid.Create(requirement.Text, problem!));
                rewritten.Add(requirement);
                continue;
            }

            artifacts.Add(artifact);
            rewritten.Add(new Requirement(artifact.ImagePath, null, null, string.Empty));
        }

        return new Result(rewritten, artifacts, diagnostics);
    }

    private static string? Rejection(Requirement requirement)
    {
        var text = requirement.Text;
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || text.Contains("@ file:", StringComparison.OrdinalIgnoreCase)
            || text.Contains("@file:", StringComparison.OrdinalIgnoreCase))
        {
            return "file: URLs are not supported; write the bare path of the wheel (for example ./wheels/pkg-1.0-py3-none-any.whl)";
        }

        if (requirement.Name is not null && requirement.Version.Length > 0 && text.Contains('@') && RequirementsParser.LooksLikePath(requirement.Version))
        {
            return "'name @ path' is not supported for local files; write the bare path of the wheel";
        }

        if (text.StartsWith('-'))
        {
            var parts = text.Split([' ', '\t', '='], 2, StringSplitOptions.RemoveEmptyEntries);
            var option = parts[0];
            var value = parts.Length > 1 ? parts[1].Trim() : string.Empty;
            if (option is "-r" or "--requirement" or "-f" or "--find-links" or "-c" or "--constraint"
                && value.Length > 0 && !value.Contains("://", StringComparison.Ordinal))
            {
                return $"local '{option}' references are not supported; list the packages in this file, or use URLs";
            }
        }

        if (requirement.IsBarePath && (text.Contains(' ') || text.Contains('\t') || text.Contains(';') || text.Contains('[')))
        {
            return "a local artifact line holds only the path; extras, markers and options are not supported on it";
        }

        return null;
    }

    private static LocalArtifact? Locate(string path, string requirementsDirectory, string project, out string? problem)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(requirementsDirectory, path));
        if (Directory.Exists(full))
        {
            problem = "directories are not supported; build a wheel (pip wheel .) and name the .whl file";
            return null;
        }

        if (!File.Exists(full))
        {
            problem = $"the file does not exist (looked for {full})";
            return null;
        }

        var resolved = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        var relative = Path.GetRelativePath(project, resolved);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            problem = $"the file must be inside the project folder {project} so it can be sent to the builder";
            return null;
        }

        problem = null;
        return new LocalArtifact(resolved, relative.Replace('\\', '/'));
    }
}
