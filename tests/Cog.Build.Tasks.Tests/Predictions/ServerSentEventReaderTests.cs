using System.Text;
using Cog.Build.Predictions;

namespace Cog.Build.Tasks.Tests.Predictions;

[TestClass]
public sealed class ServerSentEventReaderTests
{
    [TestMethod]
    public async Task ReadsFramesSkippingCommentsAndJoiningDataLines()
    {
        const string wire = "event: start\ndata: {\"id\":\"1\"}\n\n: keep-alive\n\nevent: log\ndata: a\ndata: b\n\ndata: plain\n\nevent: dangling\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(wire));

        var frames = new List<ServerSentEvent>();
        await foreach (var frame in ServerSentEventReader.ReadAsync(stream))
        {
            frames.Add(frame);
        }

        CollectionAssert.AreEqual(
            new[] { new ServerSentEvent("start", "{\"id\":\"1\"}"), new ServerSentEvent("log", "a\nb"), new ServerSentEvent("message", "plain") },
            frames);
    }

    [TestMethod]
    public void HealthBodiesParse()
    {
        var health = HealthStatus.TryParse("""{"status":"SETUP_FAILED","setup":{"status":"failed","logs":"boom\n"}}""")!;

        Assert.AreEqual(HealthStatus.SetupFailed, health.Status);
        Assert.AreEqual("boom\n", health.SetupLogs);
        Assert.IsNull(HealthStatus.TryParse("<html>"));
        Assert.IsNull(HealthStatus.TryParse("""{"status":3}"""));
    }
}
