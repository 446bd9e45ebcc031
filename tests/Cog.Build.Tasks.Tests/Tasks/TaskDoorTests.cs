using Cog.Build.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Cog.Build.Tasks.Tests.Tasks;

[TestClass]
public sealed class TaskDoorTests
{
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "sdkcli-tasks-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void ContainerPlanRoundTripsThroughJson()
    {
        var plan = new ContainerPlan
        {
            Verb = "serve",
            Image = "sha256:abc",
            ProjectDirectory = "/models/hello",
            Gpus = "all",
            Environment = ["A=1", "B=x=y;z"],
            Port = 8080,
            UploadUrl = "http://127.0.0.1:9/upload",
        };

        var back = ContainerPlan.FromJson(plan.ToJson());

        Assert.AreEqual(plan with { Environment = back.Environment }, back);
        CollectionAssert.AreEqual(plan.Environment.ToList(), back.Environment.ToList());
        StringAssert.Contains(plan.ToJson(), "\"projectDirectory\": \"/models/hello\"");
    }

    [TestMethod]
    public void ImageStampKeepsIdAndName()
    {
        var path = Path.Combine(_folder, "obj", "cog", "image.id");
        Assert.IsNull(ImageStamp.Read(path));

        new ImageStamp("sha256:123", "cog-hello").Write(path);

        Assert.AreEqual(new ImageStamp("sha256:123", "cog-hello"), ImageStamp.Read(path));
        File.WriteAllText(path, "\n");
        Assert.IsNull(ImageStamp.Read(path), "an empty stamp means no image");
    }

    [TestMethod]
    public void WriteContainerPlanGivesGpuModelsAllGpus()
    {
        var config = Path.Combine(_folder, "cog.yaml");
        File.WriteAllText(config, "build:\n  gpu: true\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\ntrain: \"run.py:train\"\n");
        File.WriteAllText(Path.Combine(_folder, "run.py"), "");
        var planFile = Path.Combine(_folder, "plan.json");
        var engine = new RecordingBuildEngine();
        var task = new WriteContainerPlan
        {
            BuildEngine = engine,
            Verb = "run",
            PlanFile = planFile,
            ImageId = "sha256:dev",
            ProjectDirectory = _folder,
            ConfigFile = config,
            Environment = [new TaskItem("A=1"), new TaskItem("B", new Dictionary<string, string> { ["Value"] = "two" })],
            SetupTimeout = 42,
        };

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var plan = ContainerPlan.FromJson(File.ReadAllText(planFile));
        Assert.AreEqual("all", plan.Gpus);
        Assert.AreEqual("sha256:dev", plan.Image);
        Assert.AreEqual(42, plan.SetupTimeoutSeconds);
        Assert.IsTrue(plan.HasTrain);
        CollectionAssert.AreEqual(new[] { "A=1", "B=two" }, plan.Environment.ToArray());
    }

    [TestMethod]
    public void ExplicitGpusWinOverTheConfig()
    {
        var config = Path.Combine(_folder, "cog.yaml");
        File.WriteAllText(config, "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        File.WriteAllText(Path.Combine(_folder, "run.py"), "");
        var planFile = Path.Combine(_folder, "plan.json");
        var task = new WriteContainerPlan
        {
            BuildEngine = new RecordingBuildEngine(), Verb = "exec", PlanFile = planFile, ImageId = "x", ProjectDirectory = _folder,
            ConfigFile = config, Gpus = "device=1",
        };

        Assert.IsTrue(task.Execute());
        Assert.AreEqual("device=1", ContainerPlan.FromJson(File.ReadAllText(planFile)).Gpus);
    }

    [TestMethod]
    public void ConfigErrorsBecomeCodedMSBuildErrorsWithPositions()
    {
        var config = Path.Combine(_folder, "cog.yaml");
        File.WriteAllText(config, "build:\n  python_version: \"3.11\"\n  gpuu: true\nrun: \"run.py:Runner\"\n");
        var engine = new RecordingBuildEngine();
        var task = new WriteContainerPlan
        {
            BuildEngine = engine, Verb = "run", PlanFile = Path.Combine(_folder, "p.json"), ImageId = "x", ProjectDirectory = _folder, ConfigFile = config,
        };

        Assert.IsFalse(task.Execute());
        var error = engine.Errors.First(e => e.Code is "COG1010" or "COG1011");
        Assert.AreEqual(3, error.LineNumber);
        Assert.IsFalse((error.Message ?? "").Contains("   at ", StringComparison.Ordinal), "no stack trace");
    }

    [TestMethod]
    public void UnknownPlanVerbIsRejected()
    {
        var engine = new RecordingBuildEngine();
        var task = new WriteContainerPlan
        {
            BuildEngine = engine, Verb = "dance", PlanFile = "p.json", ImageId = "x", ProjectDirectory = _folder, ConfigFile = "cog.yaml",
        };

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("COG0133", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void VerifyImageStampWithoutStampReportsNoImage()
    {
        var task = new VerifyImageStamp { BuildEngine = new RecordingBuildEngine(), StampFile = Path.Combine(_folder, "none.id") };

        Assert.IsTrue(task.Execute());
        Assert.AreEqual("", task.ImageId);
    }

    [TestMethod]
    public void NameValueItemsAcceptTextOrValueMetadata()
    {
        var pairs = CogTask.NameValuePairs(
        [
            new TaskItem("A=1=2"),
            new TaskItem("B", new Dictionary<string, string> { ["Value"] = "b" }),
            new TaskItem("C"),
        ]);

        CollectionAssert.AreEqual(
            new[] { new KeyValuePair<string, string>("A", "1=2"), new("B", "b"), new("C", "") },
            pairs.ToArray());
    }

    [TestMethod]
    public void TaskLogWriterLogsWholeLines()
    {
        var engine = new RecordingBuildEngine();
        var log = new TaskLoggingHelper(engine, "test");
        using (var writer = new TaskLogWriter(log, MessageImportance.High))
        {
            writer.Write("hello ");
            writer.Write("world\nsecond");
        }

        CollectionAssert.AreEqual(new[] { "hello world", "second" }, engine.Messages.Select(m => m.Message).ToArray());
        Assert.IsTrue(engine.Messages.All(m => m.Importance == MessageImportance.High));
    }
}
