using Cog.Build.Predictions;
using Cog.Build.Schema;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// Logs of a plain (non-streaming) runner reach stderr while the prediction runs, once each, and stdout holds only the
/// output (issue 6). Runs the real runtime as a host process; <see cref="DockerPredictionTests"/> covers the container.
/// </summary>
[TestClass]
public sealed class LiveLogsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task LogsStreamToStderrWhileThePredictionRuns()
    {
        var host = new HostProcessContainerHost();
        var stdout = new TimestampedWriter();
        var stderr = new TimestampedWriter();
        var directory = Fixtures.Model("livelogs-steps");
        var options = new PredictionSessionOptions(
            ModelContainerSpec.ForRun("unused", [], projectDirectory: directory),
            InputSources.FromArguments(["pause=1.5"], Path.GetTempPath()))
        {
            SchemaJson = await SchemaPrinter.PrintAsync(directory),
            WorkingDirectory = Path.GetTempPath(),
            SetupTimeout = TimeSpan.FromSeconds(60),
        };

        var exit = await new PredictionSession(host, stdout, stderr).RunAsync(options, TestContext.CancellationToken);

        Assert.AreEqual(0, exit);
        Assert.IsTrue(host.Started.Single().Disposed);
        AssertLiveLogs(stdout, stderr);
    }

    /// <summary>
    /// "step 1" is printed 1.5 s before the runner returns, and the output is written only after it has returned; logs
    /// printed from the finished prediction's record would arrive milliseconds before the output, not a second earlier.
    /// </summary>
    internal static void AssertLiveLogs(TimestampedWriter stdout, TimestampedWriter stderr)
    {
        var logs = stderr.ToString();
        Assert.AreEqual("finished\n", stdout.ToString());
        Assert.AreEqual(1, Count(logs, "step 1"), logs);
        Assert.AreEqual(1, Count(logs, "step 2"), logs);
        var step1 = stderr.TimeOf("step 1\n") ?? throw new AssertFailedException("no step 1: " + logs);
        var running = stderr.TimeOf("Running prediction...") ?? throw new AssertFailedException("no progress line: " + logs);
        var output = stdout.TimeOf("finished") ?? throw new AssertFailedException("no output");
        Assert.IsTrue(running <= step1, logs);
        Assert.IsTrue(output - step1 >= TimeSpan.FromSeconds(1), $"step 1 reached stderr only {(output - step1).TotalMilliseconds:F0} ms before the output");
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
