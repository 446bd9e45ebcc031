using System.Security.Cryptography;
using System.Text;

namespace Cog.Build.Predictions;

/// <summary>
/// A fingerprint of what a model's schema depends on: its Python sources and cog.yaml (plus the image that reads them).
/// Weights and other data files are not read, so hashing stays cheap in folders holding gigabytes.
/// </summary>
public static class ModelSourceHash
{
    public static string Compute(string projectDirectory, string imageId)
    {
        var root = Path.GetFullPath(projectDirectory);
        var files = Enumerate(root)
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(imageId + "\n"));
        foreach (var (relative, full) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            hash.AppendData(File.ReadAllBytes(full));
            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    private static IEnumerable<string> Enumerate(string directory)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (Directory.Exists(entry))
            {
                // Hidden folders (.cog, .git, .venv), caches and build outputs never hold the runner's code.
                if (name.StartsWith('.') || name is "__pycache__" or "node_modules" or "bin" or "obj")
                {
                    continue;
                }

                foreach (var file in Enumerate(entry))
                {
                    yield return file;
                }
            }
            else if (name.EndsWith(".py", StringComparison.Ordinal) || name is "cog.yaml" or "cog.yml")
            {
                yield return entry;
            }
        }
    }
}
