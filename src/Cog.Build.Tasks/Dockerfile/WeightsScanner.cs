namespace Cog.Build.Dockerfile;

/// <summary>
/// Finds the large files <c>--separate-weights</c> moves into their own image (spec 10 §8): files of 10 MiB or more that are
/// not code, media, logs, wheels or Cog/git state. Root files are listed one by one, deeper ones by their folder, unless the
/// folder also holds code. Walks the project folder (upstream walked the working directory).
/// </summary>
public static class WeightsScanner
{
    public const long SizeThreshold = 10 * 1024 * 1024;

    private static readonly string[] SkippedSuffixes =
    [
        ".py", ".ipynb", ".whl", ".log", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".tiff", ".mp4", ".mov", ".avi",
        ".mkv", ".webm", ".mp3", ".wav", ".flac", ".ogg", ".m4a",
    ];

    private static readonly string[] SkippedPrefixes = [".cog", ".git", "__pycache__"];

    public static IReadOnlyList<string> Scan(string projectDirectory)
    {
        var root = Path.GetFullPath(projectDirectory);
        var weights = new List<string>();
        var code = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Contains(".git") || SkippedPrefixes.Any(p => relative.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            if (relative.EndsWith(".py", StringComparison.Ordinal) || relative.EndsWith(".ipynb", StringComparison.Ordinal))
            {
                code.Add(relative);
            }
            else if (!SkippedSuffixes.Any(s => relative.EndsWith(s, StringComparison.OrdinalIgnoreCase)) && new FileInfo(file).Length >= SizeThreshold)
            {
                weights.Add(relative);
            }
        }

        return Group(weights, code);
    }

    /// <summary>Root files stay files; deeper files become their folder, minus nested folders and folders holding code.</summary>
    internal static IReadOnlyList<string> Group(IEnumerable<string> weights, IReadOnlyList<string> codePaths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in weights)
        {
            var slash = path.LastIndexOf('/');
            (slash < 0 ? files : folders).Add(slash < 0 ? path : path[..slash]);
        }

        var kept = new List<string>();
        foreach (var folder in folders)
        {
            if (kept.Any(k => folder.StartsWith(k + "/", StringComparison.Ordinal)) || codePaths.Any(c => c.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            kept.Add(folder);
        }

        return [.. files, .. kept];
    }
}
