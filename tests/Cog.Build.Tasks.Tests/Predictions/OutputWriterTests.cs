using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Predictions;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Predictions;

[TestClass]
public sealed class OutputWriterTests
{
    private DirectoryInfo _directory = null!;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    [TestInitialize]
    public void Setup() => _directory = Directory.CreateTempSubdirectory("cog-output-");

    [TestCleanup]
    public void Cleanup() => _directory.Delete(recursive: true);

    private static PredictionResponse Succeeded(JsonNode? output, JsonObject? metrics = null) =>
        new("p1", PredictionResponse.Succeeded, output, null, "", metrics) { HasOutput = true };

    private static PropertySchema Schema(string json) =>
        OpenApiSchema.Parse("""{"components":{"schemas":{"Output":""" + json + "}}}").GetOutput(false)!;

    private OutputPath Default(bool json = false) => OutputPath.Resolve(null, json, _directory.FullName);

    private OutputPath Explicit(string name) => OutputPath.Resolve(name, false, _directory.FullName);

    private async Task Write(JsonNode? output, string schemaJson, OutputPath path) =>
        await new OutputWriter(_stdout, _stderr).WriteOutputAsync(Succeeded(output), Schema(schemaJson), path);

    [TestMethod]
    public async Task StringsGoRawToStdout()
    {
        await Write(JsonValue.Create("hello \"world\" <b>\nnext"), """{"type":"string"}""", Default());

        Assert.AreEqual("hello \"world\" <b>\nnext\n", _stdout.ToString());
        Assert.AreEqual("", _stderr.ToString());
    }

    [TestMethod]
    public async Task OtherValuesAreGoStyleJson()
    {
        await Write(JsonNode.Parse("""{"z":2.0,"a":[true]}"""), """{"type":"object"}""", Default());

        Assert.AreEqual("{\n  \"a\": [\n    true\n  ],\n  \"z\": 2\n}\n", _stdout.ToString());
    }

    [TestMethod]
    public async Task ConcatenateIteratorsPrintAsOneText()
    {
        await Write(JsonNode.Parse("""["Hel","lo"," world"]"""), """{"type":"array","items":{"type":"string"},"x-cog-array-display":"concatenate"}""", Default());

        Assert.AreEqual("Hello world\n", _stdout.ToString());
    }

    [TestMethod]
    public async Task NullOutputWarns()
    {
        await new OutputWriter(_stdout, _stderr).WriteOutputAsync(Succeeded(null), null, Default());

        Assert.AreEqual("", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "No output generated");
    }

    [TestMethod]
    public async Task FileOutputIsWrittenWithExtensionFromMime()
    {
        await Write(JsonValue.Create(DataUrl.Encode([1, 2, 3], "image/png")), """{"type":"string","format":"uri"}""", Default());

        var path = Path.Combine(_directory.FullName, "output.png");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.AreEqual("", _stdout.ToString());
        StringAssert.Contains(_stderr.ToString(), "Written output to: " + path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.IsTrue(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        }
    }

    [TestMethod]
    public async Task FileListsAreNumbered()
    {
        var output = new JsonArray(DataUrl.Encode([1], "image/png"), DataUrl.Encode([2], "application/octet-stream"));

        await Write(output, """{"type":"array","items":{"type":"string","format":"uri"}}""", Default());
        await Write(output.DeepClone(), """{"type":"array","items":{"type":"string","format":"uri"}}""", Explicit("out.png"));

        Assert.IsTrue(File.Exists(Path.Combine(_directory.FullName, "output.0.png")));
        Assert.IsTrue(File.Exists(Path.Combine(_directory.FullName, "output.1.bin")));
        Assert.IsTrue(File.Exists(Path.Combine(_directory.FullName, "out.0.png")));
        CollectionAssert.AreEqual(new byte[] { 2 }, File.ReadAllBytes(Path.Combine(_directory.FullName, "out.1.png")));
    }

    [TestMethod]
    public async Task ExplicitPathKeepsItsExtensionAndStringsGoToIt()
    {
        await Write(JsonValue.Create(DataUrl.Encode([9], "image/png")), """{"type":"string","format":"uri"}""", Explicit("pic.jpeg"));
        await Write(JsonValue.Create("text"), """{"type":"string"}""", Explicit("answer.txt"));

        Assert.IsTrue(File.Exists(Path.Combine(_directory.FullName, "pic.jpeg")));
        Assert.AreEqual("text", File.ReadAllText(Path.Combine(_directory.FullName, "answer.txt")));
        Assert.AreEqual("", _stdout.ToString());
    }

    [TestMethod]
    public async Task JsonModeReplacesDataUrlsWithSavedPaths()
    {
        var response = new PredictionResponse("p", "succeeded", JsonValue.Create(DataUrl.Encode([7], "image/png")), null, "", new JsonObject { ["predict_time"] = 0.5 });

        await new OutputWriter(_stdout, _stderr).WriteJsonResponseAsync(response, Schema("""{"type":"string","format":"uri"}"""), Default(json: true));

        var saved = Path.Combine(_directory.FullName, "output.png");
        Assert.IsTrue(File.Exists(saved));
        var printed = JsonNode.Parse(_stdout.ToString())!.AsObject();
        CollectionAssert.AreEqual(new[] { "status", "output", "error", "metrics" }, printed.Select(p => p.Key).ToArray());
        Assert.AreEqual(saved, printed["output"]!.GetValue<string>());
        Assert.AreEqual("", printed["error"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task JsonModeOmitsEmptyMetricsAndKeepsErrors()
    {
        var response = new PredictionResponse("p", "failed", null, "ValueError: boom", "", null);

        await new OutputWriter(_stdout, _stderr).WriteJsonResponseAsync(response, null, Default(json: true));

        Assert.AreEqual("{\n  \"status\": \"failed\",\n  \"output\": null,\n  \"error\": \"ValueError: boom\"\n}\n", _stdout.ToString());
    }

    [TestMethod]
    public async Task UrlOutputsAreDownloaded()
    {
        Uri? requested = null;
        var writer = new OutputWriter(_stdout, _stderr, (url, _) => { requested = url; return Task.FromResult(new byte[] { 4, 2 }); });

        await writer.WriteOutputAsync(Succeeded(JsonValue.Create("http://127.0.0.1:9/files/result.wav?sig=1")), Schema("""{"type":"string","format":"uri"}"""), Default());

        Assert.AreEqual("/files/result.wav", requested!.AbsolutePath);
        CollectionAssert.AreEqual(new byte[] { 4, 2 }, File.ReadAllBytes(Path.Combine(_directory.FullName, "output.wav")));
    }

    [TestMethod]
    public async Task JsonModeWithOutputPathWritesTheResponseThereAndWarnsAboutTheName()
    {
        var response = Succeeded(JsonValue.Create("hi"));

        await new OutputWriter(_stdout, _stderr).WriteJsonResponseAsync(response, Schema("""{"type":"string"}"""), Explicit("result.txt"));

        Assert.AreEqual("", _stdout.ToString());
        Assert.AreEqual("hi", JsonNode.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "result.txt")))!["output"]!.GetValue<string>());
        StringAssert.Contains(_stderr.ToString(), "does not end in .json");
    }

    [TestMethod]
    public async Task InvalidDataUrlIsCoded()
    {
        var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
            Write(JsonValue.Create("not a url"), """{"type":"string","format":"uri"}""", Default()));

        Assert.AreEqual("COG2033", error.Diagnostics[0].Code);
    }

    [TestMethod]
    public void OutputPathRules()
    {
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "results"));
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "output"));

        Assert.AreEqual(Path.Combine(_directory.FullName, "results", "output"), Explicit("results").Path);
        Assert.AreEqual(Path.Combine(_directory.FullName, "x.png"), Explicit("@x.png").Path);
        Assert.AreEqual(Path.Combine(_directory.FullName, "output.json"), Default(json: true).Path);
        Assert.AreEqual("COG2031", Assert.ThrowsExactly<CogException>(() => Default()).Diagnostics[0].Code);
        Assert.AreEqual("COG2030", Assert.ThrowsExactly<CogException>(() => Explicit("missing/dir/x.png")).Diagnostics[0].Code);
    }
}
