using Cog.Build.Config;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

/// <summary>A throwaway model folder with cog.yaml (and whatever else a test writes), loaded and resolved like a build would.</summary>
internal sealed class ModelFolder : IDisposable
{
    public ModelFolder(string cogYaml, params (string Path, string Text)[] files)
    {
        Directory = Path.Combine(Path.GetTempPath(), "cogdf-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Write("cog.yaml", cogYaml);
        Write("run.py", "from cog import BaseRunner\n");
        Write("train.py", "def train(): ...\n");
        foreach (var (path, text) in files)
        {
            Write(path, text);
        }
    }

    public string Directory { get; }

    public void Write(string relative, string text)
    {
        var full = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public ResolvedBuild Resolve()
    {
        var loaded = CogConfigLoader.Load(Path.Combine(Directory, "cog.yaml"));
        Assert.IsFalse(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var build = BuildResolver.Resolve(loaded.Config, Directory);
        Assert.IsFalse(build.HasErrors, string.Join("\n", build.Diagnostics));
        return build;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
