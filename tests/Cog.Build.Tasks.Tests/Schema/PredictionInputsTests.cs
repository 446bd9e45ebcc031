using System.Text.Json.Nodes;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class PredictionInputsTests
{
    private static InputBuildResult Build(params string[] inputs) =>
        PredictionInputs.Build(InputSources.FromArguments(inputs, Path.GetTempPath()), SampleSchemas.WorkedExample);

    [TestMethod]
    public void ArgumentsBecomeTheRequestInput()
    {
        var result = Build("prompt=a cat", "seed=42", "tags=x", "tags=y", "scheduler=dpm");

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual("""{"prompt":"a cat","seed":42,"tags":["x","y"],"scheduler":"dpm"}""", result.Input!.ToJsonString());
    }

    [TestMethod]
    public void AllValidationProblemsAreReturnedTogether()
    {
        var result = Build("steps=1000", "scheduler=nope");

        Assert.IsFalse(result.Succeeded);
        CollectionAssert.AreEquivalent(
            new[] { "COG2011", "COG2011", "COG2013", "COG2014" },
            result.Diagnostics.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void UnknownNamesAreRejectedBeforeAnyFileIsRead()
    {
        var result = Build("prompt=p", "seed=1", "imagee=@/does/not/exist.png");

        Assert.AreEqual("COG2010", result.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void WithoutSchemaValuesStayStringsAndAreNotChecked()
    {
        var result = PredictionInputs.Build(InputSources.FromArguments(["n=5", "flag=true"], "/"), schemaJson: null);

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual("""{"n":"5","flag":"true"}""", result.Input!.ToJsonString());
    }

    [TestMethod]
    public void JsonAndInputTogetherIsCOG2006()
    {
        var result = PredictionInputs.Build(new InputSources(["prompt=x"], "{}", "/"), SampleSchemas.WorkedExample);

        Assert.AreEqual("COG2006", result.Diagnostics.Single().Code);
        Assert.AreEqual("Must use one of --json or --input to provide model inputs", result.Diagnostics[0].Message);
    }

    [TestMethod]
    public void JsonKeepsTypesWithoutCoercion()
    {
        var result = PredictionInputs.Build(new InputSources([], """{"prompt":"p","seed":"7"}""", "/"), SampleSchemas.WorkedExample);

        Assert.AreEqual("COG2012", result.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void JsonFromFileAndStdinWithAtFilesInlined()
    {
        var directory = Directory.CreateTempSubdirectory("cog-json-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "in.json"), """{"prompt":"@note.txt","seed":1,"tags":["@raw"]}""");
            File.WriteAllText(Path.Combine(directory.FullName, "note.txt"), "ok");

            var fromFile = PredictionInputs.Build(new InputSources([], "@in.json", directory.FullName), SampleSchemas.WorkedExample);
            var fromStdin = PredictionInputs.Build(
                new InputSources([], "-", directory.FullName) { Stdin = () => new StringReader("""{"prompt":"hé","seed":2}""") },
                SampleSchemas.WorkedExample);

            Assert.IsTrue(fromFile.Succeeded, string.Join("\n", fromFile.Diagnostics));
            Assert.AreEqual("data:text/plain;base64,b2s=", fromFile.Input!["prompt"]!.GetValue<string>());
            Assert.AreEqual("@raw", fromFile.Input["tags"]![0]!.GetValue<string>());
            Assert.AreEqual("hé", fromStdin.Input!["prompt"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void JsonErrorsAreCoded()
    {
        static string Code(string json) =>
            PredictionInputs.Build(new InputSources([], json, "/"), SampleSchemas.WorkedExample).Diagnostics.Single().Code;

        Assert.AreEqual("COG2003", Code("{not json"));
        Assert.AreEqual("COG2004", Code("[1,2]"));
        Assert.AreEqual("COG2005", Code("@/nonexistent/inputs.json"));
        Assert.AreEqual("COG2010", Code("""{"bogus":1}"""));
    }

    [TestMethod]
    public void ResultBecomesTheRequestOrThrowsItsDiagnostics()
    {
        Assert.AreEqual("""{"input":{"prompt":"p","seed":1},"context":{}}""", Build("prompt=p", "seed=1").ToRequest().ToJsonString());

        var error = Assert.ThrowsExactly<Cog.Build.Diagnostics.CogException>(() => Build("seed=x").ToRequest());
        Assert.AreEqual(2, error.Diagnostics.Count);
    }

    [TestMethod]
    public void RequestCarriesInputContextAndId()
    {
        var request = PredictionInputs.CreateRequest(new JsonObject { ["a"] = 1 }, new Dictionary<string, string> { ["replicate_api_token"] = "t" }, "abc");

        Assert.AreEqual("""{"id":"abc","input":{"a":1},"context":{"replicate_api_token":"t"}}""", request.ToJsonString());
    }
}
