namespace Cog.Build.Dockerfile;

/// <summary>One item of a build context: its '/'-separated path inside the context and where its bytes come from.</summary>
public sealed record BuildContextEntry(string ContextPath, BuildContextEntryKind Kind, string? SourcePath = null, byte[]? Content = null)
{
    public long Length => Kind switch
    {
        BuildContextEntryKind.File when Content is not null => Content.Length,
        BuildContextEntryKind.File => new FileInfo(SourcePath!).Length,
        _ => 0,
    };
}

public enum BuildContextEntryKind
{
    Directory,
    File,
    SymbolicLink,
}
