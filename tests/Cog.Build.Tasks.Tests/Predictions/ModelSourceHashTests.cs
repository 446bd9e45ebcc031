using Cog.Build.Predictions;

namespace Cog.Build.Tasks.Tests.Predictions;

[TestClass]
public sealed class ModelSourceHashTests
{
    private DirectoryInfo _project = null!;

    [TestInitialize]
    public void Setup()
    {
        _project = Directory.CreateTempSubdirectory("cog-hash-");
        File.WriteAllText(Path.Combine(_project.FullName, "cog.yaml"), "run: run.py:Runner\n");
        File.WriteAllText(Path.Combine(_project.FullName, "run.py"), "x = 1\n");
        Directory.CreateDirectory(Path.Combine(_project.FullName, "lib"));
        File.WriteAllText(Path.Combine(_project.FullName, "lib", "util.py"), "y = 2\n");
    }

    [TestCleanup]
    public void Cleanup() => _project.Delete(recursive: true);

    private string Hash(string image = "sha256:a") => ModelSourceHash.Compute(_project.FullName, image);

    [TestMethod]
    public void ChangesWithCodeConfigAndImage()
    {
        var before = Hash();

        Assert.AreEqual(before, Hash());
        Assert.AreNotEqual(before, Hash("sha256:b"));
        File.WriteAllText(Path.Combine(_project.FullName, "lib", "util.py"), "y = 3\n");
        var afterCode = Hash();
        Assert.AreNotEqual(before, afterCode);
        File.AppendAllText(Path.Combine(_project.FullName, "cog.yaml"), "# note\n");
        Assert.AreNotEqual(afterCode, Hash());
    }

    [TestMethod]
    public void IgnoresDataHiddenFoldersAndCaches()
    {
        var before = Hash();

        File.WriteAllBytes(Path.Combine(_project.FullName, "weights.bin"), new byte[4096]);
        Directory.CreateDirectory(Path.Combine(_project.FullName, ".cog", "cache"));
        File.WriteAllText(Path.Combine(_project.FullName, ".cog", "cache", "x.py"), "z");
        Directory.CreateDirectory(Path.Combine(_project.FullName, "__pycache__"));
        File.WriteAllText(Path.Combine(_project.FullName, "__pycache__", "run.py"), "z");

        Assert.AreEqual(before, Hash());
    }

    [TestMethod]
    public void RenamingAFileChangesTheHash()
    {
        var before = Hash();

        File.Move(Path.Combine(_project.FullName, "lib", "util.py"), Path.Combine(_project.FullName, "lib", "tools.py"));

        Assert.AreNotEqual(before, Hash());
    }
}
