using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Predictions;

namespace Cog.IntegrationTests.Predictions;

/// <summary>The runtime client against the real Python server on 127.0.0.1.</summary>
[TestClass]
public sealed class RuntimeClientTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<(IModelContainer Container, RuntimeClient Client)> Start(string model, StringWriter logs)
    {
        var container = await new HostProcessContainerHost().StartAsync(
            ModelContainerSpec.ForRun("unused", [], projectDirectory: Fixtures.Model(model)), logs, TestContext.CancellationToken);
        return (container, new RuntimeClient(container.ServerAddress));
    }

    [TestMethod]
    public async Task PollsUntilReadyPrintingSetupLogs()
    {
        var logs = new StringWriter();
        var (container, client) = await Start("inputs-echo", logs);
        await using (container)
        using (client)
        {
            var setupLogs = new StringWriter();

            var health = await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, setupLogs, TestContext.CancellationToken);

            Assert.AreEqual(HealthStatus.Ready, health.Status);
            StringAssert.Contains(setupLogs.ToString(), "setting up echo");
            Assert.AreEqual(1, System.Text.RegularExpressions.Regex.Matches(setupLogs.ToString(), "setting up echo").Count);
        }
    }

    [TestMethod]
    public async Task ServerSideValidationErrorsAreCOG2016WithFieldLines()
    {
        var (container, client) = await Start("inputs-echo", new StringWriter());
        await using (container)
        using (client)
        {
            await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, null, TestContext.CancellationToken);

            var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
                client.PredictAsync(new JsonObject { ["input"] = new JsonObject { ["count"] = "x" } }, new PredictOptions(), TestContext.CancellationToken));

            Assert.AreEqual("COG2016", error.Diagnostics[0].Code);
            StringAssert.Contains(error.Diagnostics[0].Message, "- text: Field required");
            StringAssert.Contains(error.Diagnostics[0].Message, "- count:");
        }
    }

    [TestMethod]
    public async Task PutIsIdempotentAndCancelOfUnknownIdIsFalse()
    {
        var (container, client) = await Start("inputs-echo", new StringWriter());
        await using (container)
        using (client)
        {
            await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, null, TestContext.CancellationToken);
            var request = new JsonObject { ["id"] = "fixed-id", ["input"] = new JsonObject { ["text"] = "p" } };
            var logs = new StringWriter();

            var response = await client.PredictAsync(request, new PredictOptions { Id = "fixed-id", Logs = logs }, TestContext.CancellationToken);

            Assert.AreEqual("succeeded", response.Status);
            Assert.AreEqual("fixed-id", response.Id);
            Assert.AreEqual("p", response.Output!.GetValue<string>());
            StringAssert.Contains(logs.ToString(), "log line for 1 chars");
            Assert.IsFalse(await client.CancelAsync("never-seen", false, TestContext.CancellationToken));
            StringAssert.Contains(await client.GetOpenApiSchemaAsync(TestContext.CancellationToken), "\"Input\"");
        }
    }

    [TestMethod]
    public async Task StreamingRequestToNonStreamingModelIsACodedError()
    {
        var (container, client) = await Start("inputs-echo", new StringWriter());
        await using (container)
        using (client)
        {
            await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, null, TestContext.CancellationToken);

            var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
                client.PredictAsync(new JsonObject { ["input"] = new JsonObject { ["text"] = "p" } }, new PredictOptions { Stream = true }, TestContext.CancellationToken));

            Assert.AreEqual("COG5007", error.Diagnostics[0].Code);
            StringAssert.Contains(error.Diagnostics[0].Message, "406");
        }
    }

    [TestMethod]
    public async Task ExitedServerFailsFastInsteadOfWaitingForTheTimeout()
    {
        var logs = new StringWriter();
        var (container, client) = await Start("inputs-echo", logs);
        await using (container)
        using (client)
        {
            ((HostProcessContainer)container).Kill();
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
                client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, null, TestContext.CancellationToken));

            Assert.AreEqual("COG5002", error.Diagnostics[0].Code);
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30));
        }
    }

    [TestMethod]
    public async Task ServerDyingMidPredictionIsCOG5008()
    {
        var (container, client) = await Start("inputs-stream", new StringWriter());
        await using (container)
        using (client)
        {
            await client.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), container.IsRunningAsync, null, TestContext.CancellationToken);
            var request = new JsonObject { ["input"] = new JsonObject { ["words"] = 100, ["delay"] = 0.1 } };

            var prediction = client.PredictAsync(request, new PredictOptions(), TestContext.CancellationToken);
            await Task.Delay(1000, TestContext.CancellationToken);
            ((HostProcessContainer)container).Kill();

            var error = await Assert.ThrowsExactlyAsync<CogException>(() => prediction);
            Assert.AreEqual("COG5008", error.Diagnostics[0].Code);
        }
    }

    [TestMethod]
    public async Task SetupTimeoutIsCOG5003()
    {
        var (container, client) = await Start("inputs-echo", new StringWriter());
        await using (container)
        using (client)
        {
            var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
                client.WaitUntilReadyAsync(TimeSpan.FromMilliseconds(1), container.IsRunningAsync, null, TestContext.CancellationToken));

            Assert.AreEqual("COG5003", error.Diagnostics[0].Code);
        }
    }
}
