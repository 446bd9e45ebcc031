using System.Security;

namespace Cog.Sdk.Tests;

/// <summary>
/// A model folder under /tmp with a .cogproj that imports this checkout's Sdk.props and Sdk.targets by path, around a
/// body the test gives (what a user writes inside &lt;Project Sdk="Cog.Sdk"&gt;). Deleted when the test ends.
/// </summary>
public sealed class ModelProject : IDisposable
{
    public ModelProject(string body = "")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cog-sdk-test-").FullName;
        Write("cog.yaml", "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, name: str) -> str:\n        return name\n");
        var sdk = SecurityElement.Escape(SdkPaths.SdkRoot);
        ProjectFile = Write("model.cogproj", $"""
            <Project>
              <Import Project="{sdk}/Sdk/Sdk.props" />
            {body}
              <Import Project="{sdk}/Sdk/Sdk.targets" />
            </Project>
            """);
    }

    public string Directory { get; }

    public string ProjectFile { get; }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Evaluates the project with <paramref name="engine"/> and returns the named properties and item types.</summary>
    public Task<Evaluation> EvaluateAsync(MSBuildEngine engine, string[] properties, string[]? items = null, IReadOnlyDictionary<string, string>? globalProperties = null)
    {
        var global = globalProperties ?? new Dictionary<string, string>();
        return engine == MSBuildEngine.Oldest
            ? Task.FromResult(InProcessEvaluator.Evaluate(ProjectFile, global, properties, items ?? []))
            : DotnetMSBuild.EvaluateAsync(ProjectFile, global, properties, items ?? []);
    }

    public Task<MSBuildRun> RunAsync(params string[] arguments) => DotnetMSBuild.RunAsync(ProjectFile, arguments);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
