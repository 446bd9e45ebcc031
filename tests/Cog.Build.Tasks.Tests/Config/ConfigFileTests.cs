using Cog.Build.Config;
using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks.Tests.Config;

[TestClass]
public sealed class ConfigFileTests
{
    private string root = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        root = Path.Combine(Path.GetTempPath(), "cogcfg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "a", "b"));
    }

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(root, recursive: true);

    [TestMethod]
    public void LocatorSearchesUpward()
    {
        File.WriteAllText(Path.Combine(root, "cog.yaml"), "run: run.py:Runner\n");
        var found = CogConfigLocator.Find(Path.Combine(root, "a", "b"));
        Assert.AreEqual(root, found.ProjectDirectory);
        Assert.IsFalse(found.IsNonDefaultName);
    }

    [TestMethod]
    public void LocatorHonoursExplicitFileNames()
    {
        File.WriteAllText(Path.Combine(root, "a", "other.yaml"), "");
        var found = CogConfigLocator.Find(Path.Combine(root, "a", "b"), "other.yaml");
        Assert.AreEqual(Path.Combine(root, "a"), found.ProjectDirectory);
        Assert.IsTrue(found.IsNonDefaultName);
        Assert.AreEqual(found, CogConfigLocator.Find("/", Path.Combine(root, "a", "other.yaml")));
    }

    [TestMethod]
    public void LocatorFailsWithCode()
    {
        var e = Assert.ThrowsExactly<CogException>(() => CogConfigLocator.Find(Path.Combine(root, "a"), "nope.yaml"));
        Assert.AreEqual("COG1001", e.Diagnostics.Single().Code);
        StringAssert.Contains(e.Message, "nope.yaml not found in " + Path.Combine(root, "a"));
    }

    [TestMethod]
    public void ReferencedFilesMustExist()
    {
        var path = Path.Combine(root, "cog.yaml");
        File.WriteAllText(path, "build:\n  python_version: '3.12'\n  python_requirements: requirements.txt\nrun: run.py:Runner\ntrain: train.py:Trainer\n");
        File.WriteAllText(Path.Combine(root, "train.py"), "");
        var result = CogConfigLoader.Load(path);
        var missing = ConfigAssert.Single(result, "COG1023");
        StringAssert.StartsWith(missing.ToString(), $"{path}(3,24): error COG1023: ");
        var run = ConfigAssert.Single(result, "COG1043");
        StringAssert.Contains(run.Message, "'run.py'");

        File.WriteAllText(Path.Combine(root, "requirements.txt"), "");
        File.WriteAllText(Path.Combine(root, "run.py"), "");
        Assert.IsFalse(CogConfigLoader.Load(path).HasErrors);
    }

    [TestMethod]
    public void UnreadableFileIsReported()
    {
        var result = CogConfigLoader.Load(Path.Combine(root, "a"));
        ConfigAssert.Single(result, "COG1002");
        Assert.ThrowsExactly<CogException>(() => result.GetConfigOrThrow());
    }

    [TestMethod]
    [DataRow("/x/My Model!", "cog-my-model")]
    [DataRow("/x/cog-hello", "cog-hello")]
    [DataRow("/x/averyveryveryverylongmodelname", "cog-averyveryveryverylongmode")]
    public void DefaultImageNames(string folder, string expected) => Assert.AreEqual(expected, ImageNaming.DefaultName(folder));

    [TestMethod]
    public void ImageNamePrecedence()
    {
        var config = new CogConfig { Model = "r8.im/a/b" };
        Assert.AreEqual("t", ImageNaming.Choose(config, "/x/y", "t"));
        Assert.AreEqual("r8.im/a/b", ImageNaming.Choose(config, "/x/y"));
        Assert.AreEqual("img", ImageNaming.Choose(config with { Image = "img" }, "/x/y"));
        Assert.AreEqual("cog-y", ImageNaming.Choose(new CogConfig(), "/x/y"));
    }
}
