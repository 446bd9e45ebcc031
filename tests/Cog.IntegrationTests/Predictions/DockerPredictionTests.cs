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

    private static ModelContainerSpec Spec(string model, string name, params string[] extraEnvironment) =>
        ModelContainerSpec.ForRun(Engine.PythonBaseImage, [new("PYTHONPATH", "/runtime"), new("PYTHONDONTWRITEBYTECODE", "1")], projectDirectory: Fixtures.Model(model)) with
        {
            Command = ["python", "-m", "cog.server.http"],
            WorkingDirectory = "/src",
            ReadOnlyMounts = [new(Fixtures.RuntimePath, "/runtime")],
            Name = name,
        };

    private static async Task<bool> ContainerExists(DockerEngine engine, string name)
    {
        var containers = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        });
        return containers.Count > 0;
    }

    private async Task<(DockerEngine Engine, PredictionSession Session)> Prepare()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        return (engine, new PredictionSession(new DockerContainerHost(engine), _stdout, _stderr));
    }

    [TestMethod]
    public async Task PredictionRunsInAContainerThatIsRemovedAfterwards()
    {
        var (engine, session) = await Prepare();
        var name = Engine.UniqueImageName("cogtest-inputs");
        var directory = Fixtures.Model("inputs-echo");
        var options = new PredictionSessionOptions(Spec("inputs-echo", name), InputSources.FromArguments(["text=héllo; $x", "count=2"], Path.GetTempPath()))
        {
            SchemaJson = await SchemaPrinter.PrintAsync(directory),
            WorkingDirectory = Path.GetTempPath(),
            SetupTimeout = TimeSpan.FromSeconds(120),
        };

        var exit = await session.RunAsync(options, TestContext.CancellationToken);

        Assert.AreEqual(0, exit);
        Assert.AreEqual("héllo; $xhéllo; $x\n", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "log line for 9 chars");
        Assert.IsFalse(await ContainerExists(engine, name), "the container was left behind");
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
