using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>
/// Turns <c>@path</c> input values into data URLs. Files are read on the host and inlined, never mounted (spec 40 §6.2);
/// relative paths resolve against the directory the user ran the command in, <c>~</c> against their home.
/// </summary>
public sealed class FileInliner
{
    private readonly string _baseDirectory;

    public FileInliner(string baseDirectory)
    {
        _baseDirectory = baseDirectory;
    }

    public string ResolvePath(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = Path.Combine(home, path.Length > 2 ? path[2..] : "");
        }

        return Path.GetFullPath(path, _baseDirectory);
    }

    /// <summary>Reads <paramref name="path"/> (the text after <c>@</c>) for input <paramref name="inputName"/>.</summary>
    public string Inline(string inputName, string path)
    {
        var full = ResolvePath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Messages.InputFileUnreadable.Fail(inputName, e.Message);
        }

        return DataUrl.Encode(bytes, MimeTypes.FromPath(full));
    }
}
