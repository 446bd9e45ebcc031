using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Predictions;
using Cog.Build.Schema;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// The whole host-side prediction path against the real Python runtime: inputs parsed and validated, server started,
/// health polled, prediction posted, outputs written, server stopped on every path out.
/// </summary>
[TestClass]
public sealed class PredictionSessionTests
{
    private readonly HostProcessContainerHost _host = new();
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private DirectoryInfo _work = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Setup() => _work = Directory.CreateTempSubdirectory("cog-session-");

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var container in _host.Started)
        {
            Assert.IsTrue(container.Disposed && container.HasExited, "a server was left running");
        }

        _work.Delete(recursive: true);
    }

    private async Task<int> Run(string model, string[] inputs, string? json = null, bool knownSchema = true, bool training = false, string? output = null)
    {
        var directory = Fixtures.Model(model);
        var options = new PredictionSessionOptions(
            ModelContainerSpec.ForRun("unused", [], training: training, projectDirectory: directory),
            new InputSources(inputs, json, _work.FullName))
        {
            SchemaJson = knownSchema ? await SchemaPrinter.PrintAsync(directory) : null,
            Training = training,
            WorkingDirectory = _work.FullName,
            Output = output,
            SetupTimeout = TimeSpan.FromSeconds(60),
        };
        return await new PredictionSession(_host, _stdout, _stderr).RunAsync(options, TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task ArbitraryTextReachesTheModelAndOnlyTheOutputGoesToStdout()
    {
        const string value = "it's \"quoted\"; 100% $HOME `x` @at =eq\nline2 ünïcødé 🎉 \\ <&>";

        var exit = await Run("inputs-echo", ["text=" + value]);

        Assert.AreEqual(0, exit);
        Assert.AreEqual(value + "\n", _stdout.ToString());
        var stderr = _stderr.ToString();
        StringAssert.Contains(stderr, "Starting Docker image and running setup()...");
        StringAssert.Contains(stderr, "setting up echo");
        StringAssert.Contains(stderr, "Running prediction...");
        StringAssert.Contains(stderr, "log line for");
        StringAssert.Contains(stderr, "to stderr");
        Assert.IsTrue(stderr.IndexOf("Running prediction...", StringComparison.Ordinal) < stderr.IndexOf("log line for", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task ValuesAreCoercedListsRepeatedAndFilesInlined()
    {
        File.WriteAllBytes(Path.Combine(_work.FullName, "doc.bin"), new byte[1234]);

        var exit = await Run("inputs-echo", ["text=x", "count=3", "scale=0.1", "flag=true", "tags=a", "tags=b;c", "mode=json", "doc=@doc.bin"]);

        Assert.AreEqual(0, exit);
        var echoed = JsonNode.Parse(_stdout.ToString())!;
        Assert.AreEqual(3, echoed["count"]!.GetValue<int>());
        Assert.AreEqual(0.1, echoed["scale"]!.GetValue<double>());
        Assert.IsTrue(echoed["flag"]!.GetValue<bool>());
        Assert.AreEqual("""["a","b;c"]""", echoed["tags"]!.ToJsonString());
        Assert.AreEqual(1234, echoed["doc_size"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task InvalidInputsFailBeforeAnyServerStarts()
    {
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-echo", ["text=x", "count=11", "mode=loud", "nope=1"]));

        Assert.AreEqual(0, _host.StartCount);
        Assert.AreEqual("COG2010", error.Diagnostics.Single().Code);

        error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-echo", ["count=11", "mode=loud"]));
        CollectionAssert.AreEquivalent(new[] { "COG2011", "COG2013", "COG2014" }, error.Diagnostics.Select(d => d.Code).ToArray());
        Assert.AreEqual(0, _host.StartCount);
        StringAssert.DoesNotMatch(_stderr.ToString(), new System.Text.RegularExpressions.Regex("Starting"));
    }

    [TestMethod]
    public async Task WithoutAKnownSchemaInputsAreValidatedAgainstTheServedOne()
    {
        var exit = await Run("inputs-echo", ["text=ab", "count=2"], knownSchema: false);
        Assert.AreEqual(0, exit);
        Assert.AreEqual("abab\n", _stdout.ToString());

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-echo", ["text=x", "count=zero"], knownSchema: false));
        Assert.AreEqual("invalid input \"count\": expected integer, got string", error.Diagnostics.Single().Message);
        Assert.AreEqual(2, _host.StartCount);
    }

    [TestMethod]
    public async Task FailedPredictionIsCOG5006AndTheServerIsStopped()
    {
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-echo", ["text=x", "mode=fail"]));

        Assert.AreEqual("COG5006", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Diagnostics[0].Message, "Prediction failed with status \"failed\"");
        StringAssert.Contains(error.Diagnostics[0].Message, "ValueError: asked to fail");
        Assert.AreEqual("", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "log line for");
    }

    [TestMethod]
    public async Task JsonModePrintsTheResponseAndExitsOneOnFailure()
    {
        var exit = await Run("inputs-echo", [], json: """{"text":"x","mode":"fail"}""");

        Assert.AreEqual(1, exit);
        var response = JsonNode.Parse(_stdout.ToString())!.AsObject();
        Assert.AreEqual("failed", response["status"]!.GetValue<string>());
        StringAssert.Contains(response["error"]!.GetValue<string>(), "asked to fail");
        CollectionAssert.AreEqual(new[] { "status", "output", "error", "metrics" }, response.Select(p => p.Key).ToArray());
    }

    [TestMethod]
    public async Task JsonModeSucceeds()
    {
        var exit = await Run("inputs-echo", [], json: """{"text":"héllo","count":2}""");

        Assert.AreEqual(0, exit);
        var response = JsonNode.Parse(_stdout.ToString())!;
        Assert.AreEqual("succeeded", response["status"]!.GetValue<string>());
        Assert.AreEqual("héllohéllo", response["output"]!.GetValue<string>());
        Assert.AreEqual("", response["error"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task FileOutputsAreWrittenAsNumberedFiles()
    {
        File.WriteAllBytes(Path.Combine(_work.FullName, "in.png"), [10, 20, 30]);

        var exit = await Run("inputs-files", ["image=@in.png", "copies=2"]);

        Assert.AreEqual(0, exit);
        Assert.AreEqual("", _stdout.ToString());
        CollectionAssert.AreEqual(new byte[] { 10, 20, 30, 0 }, File.ReadAllBytes(Path.Combine(_work.FullName, "output.0.png")));
        CollectionAssert.AreEqual(new byte[] { 10, 20, 30, 1 }, File.ReadAllBytes(Path.Combine(_work.FullName, "output.1.png")));
        StringAssert.Contains(_stderr.ToString(), "Written output to: " + Path.Combine(_work.FullName, "output.1.png"));
    }

    [TestMethod]
    public async Task ExplicitOutputPathNamesTheFiles()
    {
        File.WriteAllBytes(Path.Combine(_work.FullName, "in.png"), [1]);

        await Run("inputs-files", ["image=@in.png", "copies=1"], output: "result.png");

        Assert.IsTrue(File.Exists(Path.Combine(_work.FullName, "result.0.png")));
    }

    [TestMethod]
    public async Task StreamingRunnersPrintChunksAndLogsAsTheyCome()
    {
        var exit = await Run("inputs-stream", ["words=3"]);

        Assert.AreEqual(0, exit);
        Assert.AreEqual("w0 w1 w2 \n", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "producing word 2");
    }

    [TestMethod]
    public async Task SetupFailureIsCOG5001WithTheErrorAndTheServerIsStopped()
    {
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-setup-fail", []));

        Assert.AreEqual("COG5001", error.Diagnostics[0].Code);
        StringAssert.Contains(_stderr.ToString(), "about to fail");
        StringAssert.Contains(_stderr.ToString(), "weights missing");
        Assert.AreEqual(1, _host.StartCount);
    }

    [TestMethod]
    public async Task CancellationStopsThePredictionAndTheServer()
    {
        var directory = Fixtures.Model("inputs-stream");
        using var cancel = new CancellationTokenSource();
        var options = new PredictionSessionOptions(
            ModelContainerSpec.ForRun("unused", [], projectDirectory: directory),
            InputSources.FromArguments(["words=50", "delay=0.2"], _work.FullName))
        {
            SchemaJson = await SchemaPrinter.PrintAsync(directory),
            WorkingDirectory = _work.FullName,
        };
        var run = new PredictionSession(_host, _stdout, _stderr).RunAsync(options, cancel.Token);
        while (!_stdout.ToString().Contains("w2", StringComparison.Ordinal))
        {
            Assert.IsFalse(run.IsCompleted, "the prediction ended before it was canceled");
            await Task.Delay(50, TestContext.CancellationToken);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => run);
        Assert.IsTrue(_host.Started.Single().HasExited);
        StringAssert.DoesNotMatch(_stdout.ToString(), new System.Text.RegularExpressions.Regex("w49"));
    }

    [TestMethod]
    public async Task TrainingWritesItsOutputToWeights()
    {
        var exit = await Run("inputs-echo", ["epochs=3", "label=abc"], training: true);

        Assert.AreEqual(0, exit);
        var weights = JsonNode.Parse(File.ReadAllText(Path.Combine(_work.FullName, "weights")))!;
        Assert.IsTrue(DataUrl.TryDecode(weights["weights"]!.GetValue<string>(), out _, out var bytes));
        Assert.AreEqual("abc:3\n", System.Text.Encoding.UTF8.GetString(bytes));
        StringAssert.Contains(_stderr.ToString(), "training 3 epochs");
        Assert.AreEqual("", _stdout.ToString());
    }

    [TestMethod]
    public async Task TrainingValidatesAgainstTrainingInput()
    {
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Run("inputs-echo", ["epochs=0"], training: true));

        Assert.AreEqual("invalid input \"epochs\": must be greater than or equal to 1", error.Diagnostics.Single().Message);
        Assert.AreEqual(0, _host.StartCount);
    }
}
