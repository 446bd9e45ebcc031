using System.Text;

namespace Cog.IntegrationTests.Cli;

/// <summary>cog run as a prediction on each sample, on an existing image, and its failure modes (real engine).</summary>
[TestClass]
public sealed class RunTests
{
    [TestMethod]
    public async Task TextOutputGoesToStdoutAlone()
    {
        using var folder = ModelFolder.FromSample("hello");
        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "name=World");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("hello World\n", result.Stdout);
        StringAssert.Contains(result.Stderr, "Starting Docker image and running setup()...");
        StringAssert.Contains(result.Stderr, "Running prediction...");
        Assert.AreEqual("", await DockerCli.ContainersMountingAsync(folder.Path), "the container is removed");
    }

    [TestMethod]
    public async Task ArbitraryTextReachesTheModelIntact()
    {
        using var folder = ModelFolder.FromSample("hello");
        const string value = "a;b,c%d$e@f=g 'q' \"dq\" (p) * ? ü 日本\\n";
        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "name=" + value);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("hello " + value + "\n", result.Stdout);
    }

    [TestMethod]
    public async Task FileInFileOut()
    {
        using var folder = ModelFolder.FromSample("images");
        var pixels = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        File.WriteAllBytes(Path.Combine(folder.Path, "in.ppm"), [.. Encoding.ASCII.GetBytes("P6\n2 2\n255\n"), .. pixels]);

        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "image=@in.ppm");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Stdout, "file outputs are written, not printed");
        StringAssert.Contains(result.Stderr, "Written output to");
        var written = Directory.GetFiles(folder.Path, "output*").Single();
        var bytes = File.ReadAllBytes(written);
        CollectionAssert.AreEqual(new byte[] { 4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9 }, bytes[^12..], "each row is mirrored");
    }

    [TestMethod]
    public async Task StreamedTextArrivesWhole()
    {
        using var folder = ModelFolder.FromSample("stream");
        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "text=one two three", "-i", "delay=0");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("one two three", result.Stdout.TrimEnd('\n'));
    }

    [TestMethod]
    public async Task ExistingImageByNameNeedsNoProject()
    {
        using var folder = ModelFolder.FromSample("hello");
        var build = await CogProcess.CogAsync(folder.Path, "build");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsTrue(await DockerCli.ImageExistsAsync(folder.ImageName));

        using var elsewhere = ModelFolder.Empty("noproject");
        var tagged = await CogProcess.CogAsync(elsewhere.Path, "run", folder.ImageName + ":latest", "-i", "name=image");
        Assert.AreEqual(0, tagged.ExitCode, tagged.ToString());
        Assert.AreEqual("hello image\n", tagged.Stdout);

        // A bare name is an image when a local Cog image has it (else it would be a command).
        var bare = await CogProcess.CogAsync(elsewhere.Path, "run", folder.ImageName, "-i", "name=bare");
        Assert.AreEqual(0, bare.ExitCode, bare.ToString());
        Assert.AreEqual("hello bare\n", bare.Stdout);

        var invalid = await CogProcess.CogAsync(elsewhere.Path, "run", folder.ImageName, "-i", "nope=1");
        Assert.AreEqual(1, invalid.ExitCode, invalid.ToString());
        StringAssert.Contains(invalid.Stderr, "unknown input \"nope\"");
        Assert.IsFalse(invalid.Stderr.Contains("Starting Docker image", StringComparison.Ordinal), "validated from the image's schema label before any container");
    }

    [TestMethod]
    public async Task ValidationErrorsFailAndLeaveNoContainer()
    {
        using var folder = ModelFolder.FromSample("hello");
        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "nope=1");
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stderr, "unknown input \"nope\"");
        Assert.AreEqual("", result.Stdout);
        Assert.AreEqual("", await DockerCli.ContainersMountingAsync(folder.Path));
    }

    [TestMethod]
    public async Task UpstreamFolderWithPredictAndBasePredictor()
    {
        using var folder = ModelFolder.Empty("upstream");
        folder.Write("cog.yaml", "build:\n  python_version: \"3.11\"\npredict: \"predict.py:Predictor\"\n");
        folder.Write("predict.py", """
            from cog import BasePredictor, Input


            class Predictor(BasePredictor):
                def predict(self, prompt: str = Input(description="Prompt")) -> str:
                    return prompt.upper()

            """);

        var result = await CogProcess.CogAsync(folder.Path, "predict", "-i", "prompt=shout");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("SHOUT\n", result.Stdout);
        StringAssert.Contains(result.Stderr, "deprecated");
        Assert.IsTrue(Directory.GetFiles(Path.Combine(folder.Path, ".cog"), "*.cogproj").Length == 1, "an implicit project under .cog/");
        Assert.AreEqual(0, Directory.GetFiles(folder.Path, "*.cogproj").Length, "the user's folder gets no project file");

        var run = await CogProcess.CogAsync(folder.Path, "run", "-i", "prompt=again");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("AGAIN\n", run.Stdout);
    }
}
