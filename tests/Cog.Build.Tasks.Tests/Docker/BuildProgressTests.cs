using System.Text.Json;
using Cog.Build.Docker;

namespace Cog.Build.Tasks.Tests.Docker;

[TestClass]
public sealed class BuildProgressTests
{
    private static readonly ProtobufWriter Timestamp = new ProtobufWriter().Bool(1, true);

    [TestMethod]
    public void DecodesARealTraceMessageFromDocker2010()
    {
        // Captured from POST /build?version=2 on Docker 20.10.24.
        var status = BuildKitStatus.Decode(Convert.FromBase64String(
            "Cm8KR3NoYTI1NjpjM2I0ZGJlZjc0MGUwYzEzNTYyZmJiMDI5MTdkNDcyYTYwZjkxYTgwYjBkMGRlZjhhOGNmMDQ0NWZlMmZlOTUxGiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQ="));

        var vertex = status.Vertices.Single();
        Assert.AreEqual("sha256:c3b4dbef740e0c13562fbb02917d472a60f91a80b0d0def8a8cf0445fe2fe951", vertex.Digest);
        Assert.AreEqual("[internal] load remote build context", vertex.Name);
        Assert.IsFalse(vertex.Cached);
        Assert.IsEmpty(status.Logs);
    }

    [TestMethod]
    public void PrintsStepsCacheHitsLogsAndKeepsTheFailedStepsOutput()
    {
        var lines = new List<string>();
        var progress = new BuildProgress(lines.Add);

        Feed(progress, new ProtobufWriter()
            .Message(1, Vertex("d1", "[deps 1/3] FROM docker.io/library/python:3.11-slim", started: true, completed: true))
            .Message(1, Vertex("d2", "[deps 2/3] RUN apt-get update", cached: true)));
        Feed(progress, new ProtobufWriter().Message(1, Vertex("d3", "[deps 3/3] RUN pip install -r req.txt", started: true)));
        Feed(progress, new ProtobufWriter()
            .Message(3, Log("d3", "Collecting torch\nERROR: No matching distri"))
            .Message(3, Log("d3", "bution found for torch\n")));
        Feed(progress, new ProtobufWriter().Message(1, Vertex("d3", "[deps 3/3] RUN pip install -r req.txt", started: true, completed: true, error: "exit code: 1")));
        progress.HandleLine("{\"errorDetail\":{\"message\":\"exit code: 1\"},\"error\":\"exit code: 1\"}");
        progress.Complete();

        CollectionAssert.AreEqual(new[]
        {
            "#1 [deps 1/3] FROM docker.io/library/python:3.11-slim",
            "#1 DONE",
            "#2 [deps 2/3] RUN apt-get update",
            "#2 CACHED",
            "#3 [deps 3/3] RUN pip install -r req.txt",
            "#3 Collecting torch",
            "#3 ERROR: No matching distribution found for torch",
            "#3 ERROR: exit code: 1",
        }, lines);
        Assert.AreEqual("exit code: 1", progress.Error);
        var failed = progress.FailedStep!;
        Assert.AreEqual("RUN pip install -r req.txt", failed.Instruction);
        CollectionAssert.AreEqual(new[] { "Collecting torch", "ERROR: No matching distribution found for torch" }, failed.LastOutput.ToArray());
        Assert.IsTrue(progress.Steps[1].Cached);
    }

    [TestMethod]
    public void ReadsTheImageIdFromTheAuxRecord()
    {
        var progress = new BuildProgress(_ => { });

        progress.HandleLine("{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"sha256:abc\"}}");

        Assert.AreEqual("sha256:abc", progress.ImageId);
    }

    [TestMethod]
    public void UnderstandsTheClassicBuildersTextStream()
    {
        var lines = new List<string>();
        var progress = new BuildProgress(lines.Add);
        foreach (var text in new[]
        {
            "Step 1/3 : FROM python:3.11-slim\n", " ---> a5e044375f48\n", "Step 2/3 : RUN echo hi\n", " ---> Using cache\n", " ---> 1234\n",
            "Step 3/3 : COPY . /src\n", " ---> 5678\n", "Successfully built 5678\n",
        })
        {
            progress.HandleLine(JsonSerializer.Serialize(new { stream = text }));
        }

        progress.Complete();

        var steps = progress.Steps;
        CollectionAssert.AreEqual(new[] { "[1/3] FROM python:3.11-slim", "[2/3] RUN echo hi", "[3/3] COPY . /src" }, steps.Select(s => s.Name).ToArray());
        CollectionAssert.AreEqual(new[] { false, true, false }, steps.Select(s => s.Cached).ToArray());
        var result = new BuildResult("sha256:5678", false, steps);
        CollectionAssert.AreEqual(new[] { "COPY . /src" }, result.ExecutedSteps.Select(s => s.Instruction).ToArray());
        CollectionAssert.Contains(lines, "#2 CACHED");
    }

    [TestMethod]
    public void SkipsUnknownProtobufFields()
    {
        var status = BuildKitStatus.Decode(new ProtobufWriter()
            .Message(2, new ProtobufWriter().String(1, "status-id"))
            .Message(1, Vertex("d9", "[2/2] COPY . /src", cached: true).Bytes(8, new byte[] { 1, 2, 3 }))
            .ToArray());

        Assert.AreEqual("[2/2] COPY . /src", status.Vertices.Single().Name);
        Assert.IsTrue(status.Vertices.Single().Cached);
    }

    private static void Feed(BuildProgress progress, ProtobufWriter status) =>
        progress.HandleLine(JsonSerializer.Serialize(new { id = "moby.buildkit.trace", aux = Convert.ToBase64String(status.ToArray()) }));

    private static ProtobufWriter Vertex(string digest, string name, bool cached = false, bool started = false, bool completed = false, string? error = null)
    {
        var vertex = new ProtobufWriter().String(1, digest).String(3, name);
        if (cached)
        {
            vertex.Bool(4, true);
        }

        if (started)
        {
            vertex.Message(5, Timestamp);
        }

        if (completed)
        {
            vertex.Message(6, Timestamp);
        }

        if (error is not null)
        {
            vertex.String(7, error);
        }

        return vertex;
    }

    private static ProtobufWriter Log(string vertex, string text) =>
        new ProtobufWriter().String(1, vertex).Bytes(4, System.Text.Encoding.UTF8.GetBytes(text));
}
