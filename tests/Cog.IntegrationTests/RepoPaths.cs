using System.Runtime.CompilerServices;

namespace Cog.IntegrationTests;

/// <summary>Folders of this checkout, found from this source file's own path (test binaries may live anywhere).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Runtime => Path.Combine(Root, "src", "Cog.Runtime", "cog");

    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", name);

    /// <summary>Copies a fixture to a scratch folder so a test can edit it and leave .cog/ state behind.</summary>
    public static void CopyFixture(string name, string destination)
    {
        var source = Fixture(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is ".cog" or "bin" or "obj" or "__pycache__"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        var directory = Path.GetDirectoryName(thisFile);
        while (directory is not null && !File.Exists(Path.Combine(directory, "Cog.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Cog.sln not found above " + thisFile);
    }
}
