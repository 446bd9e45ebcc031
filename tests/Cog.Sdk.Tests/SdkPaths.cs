using System.Runtime.CompilerServices;

namespace Cog.Sdk.Tests;

/// <summary>The SDK files of this checkout (src/Cog.Sdk), found from this source file's path.</summary>
public static class SdkPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The folder holding Sdk/Sdk.props and targets/, as in the package.</summary>
    public static string SdkRoot => Path.Combine(RepoRoot, "src", "Cog.Sdk");

    /// <summary>The task assembly built from this checkout (the solution builds it before this test project).</summary>
    public static string TasksAssembly { get; } = typeof(SdkPaths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CogTasksAssembly").Value!;

    /// <summary>The Python runtime folder in the layout the SDK expects (runtime/cog/…).</summary>
    public static string RuntimePath => Path.Combine(RepoRoot, "src", "Cog.Runtime") + "/";

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
