namespace Cog.IntegrationTests.Predictions;

/// <summary>Paths of the repository's runtime and fixture model folders, found from the test binary upwards.</summary>
internal static class Fixtures
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RuntimePath => Path.Combine(RepoRoot, "src", "Cog.Runtime");

    public static string Model(string name) => Path.Combine(RepoRoot, "tests", "fixtures", name);

    /// <summary>A throwaway copy of a fixture model, for tests that write into the project (caches, outputs).</summary>
    public static string CopyModel(string name)
    {
        var copy = Directory.CreateTempSubdirectory($"cog-{name}-").FullName;
        foreach (var file in Directory.EnumerateFiles(Model(name)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cog.sln")))
            {
                return directory.FullName;
            }
        }

        // Builds with --artifacts-path outside the repo: fall back to the source location of this file.
        return Path.GetFullPath(Path.Combine(ThisDirectory(), "..", "..", ".."));
    }

    private static string ThisDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
