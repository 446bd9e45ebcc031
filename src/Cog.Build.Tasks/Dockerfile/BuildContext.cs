using System.Formats.Tar;
using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// The files sent to the engine for a build: the project folder minus what .dockerignore excludes (and always minus
/// <c>.cog/</c>, <c>bin/</c>, <c>obj/</c> and <c>.git/</c> at its root), plus generated files placed under <c>.cog/</c>
/// (Dockerfile, requirements, the runtime package). Written as a tar stream entry by entry; nothing is buffered whole.
/// </summary>
public sealed class BuildContext
{
    /// <summary>Root folders that never belong in an image: our own state, .NET build outputs and git history.</summary>
    public static readonly IReadOnlyList<string> AlwaysExcluded = new[] { ".cog", "bin", "obj", ".git" };

    private static readonly DateTimeOffset GeneratedTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<BuildContextEntry> _generated = new();

    public BuildContext(string projectDirectory, DockerIgnore? ignore = null)
    {
        ProjectDirectory = Path.GetFullPath(projectDirectory);
        Ignore = ignore ?? DockerIgnore.Load(ProjectDirectory);
    }

    private BuildContext()
    {
        ProjectDirectory = null;
        Ignore = DockerIgnore.Empty;
    }

    /// <summary>A context holding only generated files (e.g. a <c>FROM image</c> + labels Dockerfile).</summary>
    public static BuildContext GeneratedOnly() => new();

    /// <summary>The folder whose files form the context; null for <see cref="GeneratedOnly"/> contexts.</summary>
    public string? ProjectDirectory { get; }

    public DockerIgnore Ignore { get; }

    /// <summary>
    /// A folder the project's files are placed under in the context (e.g. <c>src</c>), keeping them apart from generated files;
    /// empty puts them at the root. .dockerignore patterns still match paths relative to the project.
    /// </summary>
    public string ProjectPrefix { get; init; } = "";

    /// <summary>Adds a generated file; <paramref name="contextPath"/> is relative to the context root, e.g. <c>.cog/Dockerfile</c>.</summary>
    public BuildContext AddFile(string contextPath, byte[] content)
    {
        _generated.Add(new BuildContextEntry(Normalize(contextPath), BuildContextEntryKind.File, Content: content));
        return this;
    }

    /// <summary>Adds a copy of a file from elsewhere on disk (read while the tar is written, never loaded whole).</summary>
    public BuildContext AddFileFrom(string contextPath, string sourcePath)
    {
        _generated.Add(new BuildContextEntry(Normalize(contextPath), BuildContextEntryKind.File, Path.GetFullPath(sourcePath)));
        return this;
    }

    public BuildContext AddText(string contextPath, string text) => AddFile(contextPath, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Adds a folder from elsewhere on disk (e.g. the runtime package) under <paramref name="contextPath"/>, skipping caches.</summary>
    public BuildContext AddDirectory(string contextPath, string sourceDirectory)
    {
        var root = Normalize(contextPath);
        _generated.Add(new BuildContextEntry(root, BuildContextEntryKind.Directory));
        foreach (var entry in Walk(Path.GetFullPath(sourceDirectory), "", _ => false))
        {
            if (entry.ContextPath.Split('/').Any(p => p == "__pycache__") || entry.ContextPath.EndsWith(".pyc", StringComparison.Ordinal))
            {
                continue;
            }

            _generated.Add(entry with { ContextPath = root + "/" + entry.ContextPath });
        }

        return this;
    }

    /// <summary>Every entry in the order it is written: project files (sorted), then generated ones.</summary>
    public IEnumerable<BuildContextEntry> Enumerate()
    {
        var parents = new HashSet<string>(StringComparer.Ordinal);
        if (ProjectDirectory is not null)
        {
            var prefix = Normalize(ProjectPrefix);
            if (prefix.Length > 0)
            {
                // Always present (even if everything is ignored) so COPY of the folder never fails; fixed mode and time keep the cache stable.
                foreach (var parent in ParentsAndSelf(prefix))
                {
                    parents.Add(parent);
                    yield return new BuildContextEntry(parent, BuildContextEntryKind.Directory);
                }
            }

            foreach (var entry in Walk(ProjectDirectory, "", IsExcludedFromProject))
            {
                yield return prefix.Length == 0 ? entry : entry with { ContextPath = prefix + "/" + entry.ContextPath };
            }
        }

        foreach (var entry in _generated)
        {
            // Parent folders first so extractors never have to invent them.
            var parts = entry.ContextPath.Split('/');
            for (var i = 1; i < parts.Length; i++)
            {
                var parent = string.Join('/', parts, 0, i);
                if (parents.Add(parent))
                {
                    yield return new BuildContextEntry(parent, BuildContextEntryKind.Directory);
                }
            }

            if (entry.Kind != BuildContextEntryKind.Directory || parents.Add(entry.ContextPath))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Total bytes of file content the context carries (what the engine has to receive).</summary>
    public long MeasureSize() => Enumerate().Sum(e => e.Length);

    // GNU rather than PAX headers: the engine sniffs the first block to tell a tar from a bare Dockerfile, and a PAX
    // extended header in front of the first entry makes BuildKit (Docker 20.10) take the whole tar for a Dockerfile.
    public async Task WriteTarAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);
        foreach (var entry in Enumerate())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteEntryAsync(writer, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteEntryAsync(TarWriter writer, BuildContextEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Kind)
        {
            case BuildContextEntryKind.Directory:
                await writer.WriteEntryAsync(new GnuTarEntry(TarEntryType.Directory, entry.ContextPath + "/")
                {
                    Mode = ModeOf(entry.SourcePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute),
                    ModificationTime = TimeOf(entry.SourcePath),
                }, cancellationToken).ConfigureAwait(false);
                break;
            case BuildContextEntryKind.SymbolicLink:
                await writer.WriteEntryAsync(new GnuTarEntry(TarEntryType.SymbolicLink, entry.ContextPath)
                {
                    LinkName = new FileInfo(entry.SourcePath!).LinkTarget ?? "",
                    ModificationTime = GeneratedTimestamp,
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var tarEntry = new GnuTarEntry(TarEntryType.RegularFile, entry.ContextPath)
                {
                    Mode = ModeOf(entry.SourcePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
                    ModificationTime = TimeOf(entry.SourcePath),
                };
                Stream data;
                try
                {
                    data = entry.Content is not null
                        ? new MemoryStream(entry.Content, writable: false)
                        : new FileStream(entry.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                }
                catch (IOException error)
                {
                    throw Messages.ContextFileUnreadable.Fail(entry.ContextPath, error.Message);
                }
                catch (UnauthorizedAccessException error)
                {
                    throw Messages.ContextFileUnreadable.Fail(entry.ContextPath, error.Message);
                }

                await using (data)
                {
                    tarEntry.DataStream = data;
                    await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private bool IsExcludedFromProject(string relativePath)
    {
        var first = relativePath.Split('/')[0];
        if (AlwaysExcluded.Contains(first) && relativePath.Length >= first.Length)
        {
            return true;
        }

        return Ignore.IsExcluded(relativePath);
    }

    // Depth-first, sorted by ordinal name so the same folder always yields the same tar.
    private IEnumerable<BuildContextEntry> Walk(string root, string prefix, Func<string, bool> excluded)
    {
        var directory = new DirectoryInfo(prefix.Length == 0 ? root : Path.Combine(root, prefix));
        foreach (var info in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var relative = prefix.Length == 0 ? info.Name : prefix + "/" + info.Name;
            var isLink = info.LinkTarget is not null;
            if (info is DirectoryInfo && !isLink)
            {
                var dirExcluded = excluded(relative);
                if (!dirExcluded)
                {
                    yield return new BuildContextEntry(relative, BuildContextEntryKind.Directory, info.FullName);
                }

                // An excluded folder can still hold re-included files when the ignore file has '!' lines.
                if (!dirExcluded || (Ignore.HasExceptions && !IsAlwaysExcludedRoot(relative, root)))
                {
                    foreach (var child in Walk(root, relative, excluded))
                    {
                        yield return child;
                    }
                }

                continue;
            }

            if (excluded(relative))
            {
                continue;
            }

            yield return new BuildContextEntry(relative, isLink ? BuildContextEntryKind.SymbolicLink : BuildContextEntryKind.File, info.FullName);
        }
    }

    private bool IsAlwaysExcludedRoot(string relative, string root) =>
        root == ProjectDirectory && AlwaysExcluded.Contains(relative.Split('/')[0]);

    private static UnixFileMode ModeOf(string? path, UnixFileMode fallback) =>
        path is null || OperatingSystem.IsWindows() ? fallback : File.GetUnixFileMode(path);

    private static DateTimeOffset TimeOf(string? path) =>
        path is null ? GeneratedTimestamp : new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);

    private static IEnumerable<string> ParentsAndSelf(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            yield return string.Join('/', parts, 0, i);
        }
    }

    private static string Normalize(string contextPath) => contextPath.Replace('\\', '/').Trim('/');
}
