using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class OpenApiSchemaTests
{
    [TestMethod]
    public void InputsKeepDeclarationOrderAndRequiredFlags()
    {
        var inputs = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(training: false);

        CollectionAssert.AreEqual(
            new[] { "prompt", "image", "steps", "guidance", "scheduler", "seed", "api_key", "tags", "negative", "old_flag", "value", "code", "files", "counts", "options" },
            inputs.Properties.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "prompt", "seed" }, inputs.Properties.Where(p => p.Required).Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void ChoicesAreResolvedThroughAllOfAndKeepThePropertyDefault()
    {
        var scheduler = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(false).Find("scheduler")!.Schema;

        Assert.AreEqual("string", scheduler.Type);
        CollectionAssert.AreEqual(new[] { "ddim", "euler", "dpm" }, scheduler.Enum!.Select(e => e!.GetValue<string>()).ToArray());
        Assert.AreEqual("ddim", scheduler.Default!.GetValue<string>());
    }

    [TestMethod]
    public void PropertiesCarryTypesBoundsAndFormats()
    {
        var inputs = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(false);

        var steps = inputs.Find("steps")!.Schema;
        Assert.AreEqual(1d, steps.Minimum);
        Assert.AreEqual(100d, steps.Maximum);
        Assert.IsTrue(inputs.Find("image")!.Schema.IsFile);
        Assert.IsTrue(inputs.Find("image")!.Schema.Nullable);
        Assert.IsTrue(inputs.Find("api_key")!.Schema.IsSecret);
        Assert.AreEqual("string or number", inputs.Find("value")!.Schema.Describe());
        Assert.AreEqual("array of string", inputs.Find("tags")!.Schema.Describe());
        Assert.AreEqual(500, inputs.Find("prompt")!.Schema.MaxLength);
    }

    [TestMethod]
    public void OutputIsReadFromThePredictionsPathResponse()
    {
        var output = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetOutput(training: false)!;

        Assert.AreEqual("object", output.Type);
        Assert.IsFalse(output.IsFileOrFileArray);
    }

    [TestMethod]
    public void TrainingUsesTrainingComponentsAndStreamingOnlyForPredictions()
    {
        var schema = OpenApiSchema.Parse(SampleSchemas.Training);

        Assert.AreEqual("epochs", schema.GetInputs(training: true).Properties.Single().Name);
        Assert.AreEqual("text", schema.GetInputs(training: false).Properties.Single().Name);
        Assert.AreEqual("object", schema.GetOutput(training: true)!.Type);
        Assert.IsTrue(schema.GetOutput(training: false)!.IsConcatenate);
        Assert.IsTrue(schema.SupportsStreaming(training: false));
        Assert.IsFalse(schema.SupportsStreaming(training: true));
        Assert.IsFalse(OpenApiSchema.Parse(SampleSchemas.WorkedExample).SupportsStreaming(false));
    }

    [TestMethod]
    public void TrainingFallsBackToInputWithoutTrainingInput()
    {
        var inputs = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(training: true);

        Assert.AreEqual("prompt", inputs.Properties[0].Name);
    }

    [TestMethod]
    public void OutputFallsBackToComponentWhenPathsAreMissing()
    {
        var output = OpenApiSchema.Parse(SampleSchemas.NoInputs).GetOutput(false)!;

        Assert.AreEqual("string", output.Type);
        Assert.IsFalse(OpenApiSchema.Parse(SampleSchemas.NoInputs).HasInputs(false));
    }

    [TestMethod]
    public void SortedDocumentsAreOrderedByXOrder()
    {
        const string sorted = """{"components":{"schemas":{"Input":{"properties":{"alpha":{"type":"string","x-order":2},"beta":{"type":"string","x-order":0},"gamma":{"type":"string","x-order":1}}}}}}""";

        var names = OpenApiSchema.Parse(sorted).GetInputs(false).Properties.Select(p => p.Name).ToArray();

        CollectionAssert.AreEqual(new[] { "beta", "gamma", "alpha" }, names);
    }

    [TestMethod]
    public void NonJsonSchemaIsACodedError()
    {
        var error = Assert.ThrowsExactly<CogException>(() => OpenApiSchema.Parse("not json"));

        Assert.AreEqual("COG2020", error.Diagnostics[0].Code);
        Assert.ThrowsExactly<CogException>(() => OpenApiSchema.Parse("[1]"));
    }

    [TestMethod]
    public void CyclicReferencesDoNotHang()
    {
        const string cyclic = """{"components":{"schemas":{"Input":{"properties":{"a":{"$ref":"#/components/schemas/A"}}},"A":{"$ref":"#/components/schemas/A"}}}}""";

        var a = OpenApiSchema.Parse(cyclic).GetInputs(false).Find("a")!;

        Assert.IsNull(a.Schema.Type);
        Assert.IsNotNull(JsonNode.Parse(cyclic));
    }
}
