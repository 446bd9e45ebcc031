using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Predictions;
using Cog.Build.Schema;
using Docker.DotNet.Models;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// The session through the real engine: a dev-style container (stand-in Python base image, runtime and project mounted)
/// published on 127.0.0.1, and removed afterwards on success, setup failure and cancellation alike.
/// </summary>
[TestClass]
public sealed class DockerPredictionTests
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public TestContext TestContext { get; set; } = null!;

    private static DockerEngine _engine = null!;
    private static string _image = null!;

    [ClassInitialize]
    public static async Task BuildImage(TestContext context)
    {
        _engine = await Engine.GetWithPythonBaseAsync();
        _image = await DevImage.BuildAsync(_engine, Engine.UniqueImageName("cogtest-inputs-dev"));
    }

    [ClassCleanup]
    public static async Task RemoveImage() => await _engine.RemoveImageAsync(_image);

    // The dev-image shape: image defaults for command and workdir, the project mounted at /src.
    private readonly List<string> _copies = [];

    [TestCleanup]
    public void DeleteCopies() => _copies.ForEach(c => Directory.Delete(c, recursive: true));

    // A copy, because dev runs cache the mounted code's schema under the project's .cog/.
    private ModelContainerSpec Spec(string model, string name)
    {
        var copy = Fixtures.CopyModel(model);
        _copies.Add(copy);
        return SpecFor(copy, name);
    }

    private static ModelContainerSpec SpecFor(string directory, string name) =>
        ModelContainerSpec.ForRun(_image, [], projectDirectory: directory) with { Name = name };

    private static async Task<bool> ContainerExists(DockerEngine engine, string name)
    {
        var containers = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        });
        return containers.Count > 0;
    }

    private Task<(DockerEngine Engine, PredictionSession Session)> Prepare() =>
        Task.FromResult((_engine, new PredictionSession(new DockerContainerHost(_engine), _stdout, _stderr)));

    [TestMethod]
    public async Task PredictionRunsInAContainerThatIsRemovedAfterwards()
    {
        var (engine, session) = await Prepare();
        var name = Engine.UniqueImageName("cogtest-inputs");
        var directory = Fixtures.CopyModel("inputs-echo");
        var options = new PredictionSessionOptions(SpecFor(directory, name), InputSources.FromArguments(["text=héllo; $x", "count=2"], Path.GetTempPath()))
        {
            WorkingDirectory = Path.GetTempPath(),
            SetupTimeout = TimeSpan.FromSeconds(120),
        };

        var exit = await session.RunAsync(options, TestContext.CancellationToken);

        Assert.AreEqual(0, exit);
        Assert.AreEqual("héllo; $xhéllo; $x\n", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "log line for 9 chars");
        Assert.IsFalse(await ContainerExists(engine, name), "the container was left behind");
        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    public async Task LogsStreamFromTheContainerWhileThePredictionRuns()
    {
        var name = Engine.UniqueImageName("cogtest-livelogs");
        var stdout = new TimestampedWriter();
        var stderr = new TimestampedWriter();
        var session = new PredictionSession(new DockerContainerHost(_engine), stdout, stderr);
        var options = new PredictionSessionOptions(Spec("livelogs-steps", name), InputSources.FromArguments(["pause=1.5"], Path.GetTempPath()))
        {
            SchemaJson = await SchemaPrinter.PrintAsync(Fixtures.Model("livelogs-steps")),
            SetupTimeout = TimeSpan.FromSeconds(120),
            WorkingDirectory = Path.GetTempPath(),
        };

        var exit = await session.RunAsync(options, TestContext.CancellationToken);

        Assert.AreEqual(0, exit);
        LiveLogsTests.AssertLiveLogs(stdout, stderr);
        Assert.IsFalse(await ContainerExists(_engine, name), "the container was left behind");
    }

    [TestMethod]
    public async Task InvalidInputsAgainstTheMountedCodeSchemaStartNoContainer()
    {
        var (engine, session) = await Prepare();
        var name = Engine.UniqueImageName("cogtest-inputs");
        var directory = Fixtures.CopyModel("inputs-echo");
        var options = new PredictionSessionOptions(SpecFor(directory, name), InputSources.FromArguments(["text=x", "count=0"], Path.GetTempPath()))
        {
            WorkingDirectory = Path.GetTempPath(),
        };

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => session.RunAsync(options, TestContext.CancellationToken));

        Assert.AreEqual("invalid input \"count\": must be greater than or equal to 1", error.Diagnostics.Single().Message);
        Assert.AreEqual("", _stderr.ToString());
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(directory, ".cog", "cache"), "openapi_schema.*.json").Length);
        Assert.IsFalse(await ContainerExists(engine, name));
        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    public async Task SetupFailureRemovesTheContainer()
    {
        var (engine, session) = await Prepare();
        var name = Engine.UniqueImageName("cogtest-inputs");
        var options = new PredictionSessionOptions(Spec("inputs-setup-fail", name), InputSources.FromArguments([], Path.GetTempPath()))
        {
            SetupTimeout = TimeSpan.FromSeconds(120),
            WorkingDirectory = Path.GetTempPath(),
        };

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => session.RunAsync(options, TestContext.CancellationToken));

        Assert.AreEqual("COG5001", error.Diagnostics[0].Code);
        StringAssert.Contains(_stderr.ToString(), "weights missing");
        Assert.IsFalse(await ContainerExists(engine, name), "the container was left behind");
    }

    [TestMethod]
    public async Task CancellationRemovesTheContainer()
    {
        var (engine, session) = await Prepare();
        var name = Engine.UniqueImageName("cogtest-inputs");
        var directory = Fixtures.Model("inputs-stream");
        using var cancel = new CancellationTokenSource();
        var options = new PredictionSessionOptions(Spec("inputs-stream", name), InputSources.FromArguments(["words=100", "delay=0.2"], Path.GetTempPath()))
        {
            SchemaJson = await SchemaPrinter.PrintAsync(directory),
            SetupTimeout = TimeSpan.FromSeconds(120),
            WorkingDirectory = Path.GetTempPath(),
        };

        var run = session.RunAsync(options, cancel.Token);
        while (!_stdout.ToString().Contains("w1 ", StringComparison.Ordinal))
        {
            Assert.IsFalse(run.IsCompleted, "the prediction ended before it was canceled: " + _stderr);
            await Task.Delay(50, TestContext.CancellationToken);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => run);
        Assert.IsFalse(await ContainerExists(engine, name), "the container was left behind");
    }
}
