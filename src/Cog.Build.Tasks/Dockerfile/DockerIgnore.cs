namespace Cog.Build.Dockerfile;

/// <summary>
/// The rules of a .dockerignore file with Docker's semantics: lines are read in order, the last pattern that matches a path
/// decides, and '!' lines re-include. Paths are relative to the context root and '/'-separated.
/// </summary>
public sealed class DockerIgnore
{
    public static readonly DockerIgnore Empty = new(Array.Empty<DockerIgnorePattern>());

    public DockerIgnore(IReadOnlyList<DockerIgnorePattern> patterns)
    {
        Patterns = patterns;
        HasExceptions = patterns.Any(p => p.IsException);
    }

    public IReadOnlyList<DockerIgnorePattern> Patterns { get; }

    /// <summary>With '!' patterns an excluded directory may still hold included files, so it has to be walked.</summary>
    public bool HasExceptions { get; }

    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<DockerIgnorePattern>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (DockerIgnorePattern.Parse(line) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return new DockerIgnore(patterns);
    }

    /// <summary>Reads <c>.dockerignore</c> from <paramref name="directory"/>; no file means nothing is ignored.</summary>
    public static DockerIgnore Load(string directory)
    {
        var file = Path.Combine(directory, ".dockerignore");
        return File.Exists(file) ? Parse(File.ReadAllText(file)) : Empty;
    }

    public bool IsExcluded(string relativePath)
    {
        var path = DockerIgnorePattern.CleanPath(relativePath.Replace('\\', '/'));
        var excluded = false;
        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(path))
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }
}
