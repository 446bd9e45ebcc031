using System.Text.Json.Nodes;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class InputValidatorTests
{
    private static readonly InputSchema Inputs = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(false);

    private static string[] Problems(string json) =>
        InputValidator.Validate(Inputs, JsonNode.Parse(json)!.AsObject()).Select(d => $"{d.Code}: {d.Message}").ToArray();

    [TestMethod]
    public void ValidInputsPass()
    {
        CollectionAssert.AreEqual(Array.Empty<string>(), Problems("""{"prompt":"hi","seed":3,"scheduler":"euler","tags":["a"],"value":"x","guidance":2.5}"""));
    }

    [TestMethod]
    public void MissingRequiredInputs()
    {
        CollectionAssert.AreEqual(
            new[] { "COG2011: missing required input \"prompt\"", "COG2011: missing required input \"seed\"" },
            Problems("{}"));
    }

    [TestMethod]
    public void UnknownInputsListValidNamesSorted()
    {
        var problems = Problems("""{"prompt":"p","seed":1,"nope":1}""");

        CollectionAssert.AreEqual(
            new[] { "COG2010: unknown input \"nope\"; valid inputs are: api_key, code, counts, files, guidance, image, negative, old_flag, options, prompt, scheduler, seed, steps, tags, value" },
            problems);
    }

    [TestMethod]
    public void SeveralUnknownInputsAreOneDiagnostic()
    {
        var problem = InputValidator.UnknownNames(Inputs, ["x", "prompt", "y"])!;

        StringAssert.StartsWith(problem.Message, "unknown inputs \"x\", \"y\"; valid inputs are: ");
    }

    [TestMethod]
    public void ModelWithoutInputsSaysSo()
    {
        var none = OpenApiSchema.Parse(SampleSchemas.NoInputs).GetInputs(false);

        var problem = InputValidator.UnknownNames(none, ["x"])!;

        Assert.AreEqual("unknown input \"x\"; model does not accept inputs", problem.Message);
    }

    [TestMethod]
    public void TypeErrorsNameExpectedAndActualKinds()
    {
        CollectionAssert.AreEqual(
            new[] { "COG2012: invalid input \"seed\": expected integer, got string" },
            Problems("""{"prompt":"p","seed":"many"}"""));
        CollectionAssert.Contains(Problems("""{"prompt":"p","seed":1,"old_flag":1}"""), "COG2012: invalid input \"old_flag\": expected boolean, got integer");
        CollectionAssert.Contains(Problems("""{"prompt":"p","seed":1,"value":true}"""), "COG2012: invalid input \"value\": expected string or number, got boolean");
        CollectionAssert.Contains(Problems("""{"prompt":"p","seed":1.5}"""), "COG2012: invalid input \"seed\": expected integer, got number");
    }

    [TestMethod]
    public void IntegralFloatsAndIntegersForNumbersAreAccepted()
    {
        CollectionAssert.AreEqual(Array.Empty<string>(), Problems("""{"prompt":"p","seed":3.0,"guidance":4}"""));
    }

    [TestMethod]
    public void ChoicesAreListed()
    {
        CollectionAssert.AreEqual(
            new[] { "COG2013: invalid input \"scheduler\": must be one of: ddim, euler, dpm" },
            Problems("""{"prompt":"p","seed":1,"scheduler":"heun"}"""));
    }

    [TestMethod]
    public void BoundsLengthsAndPatterns()
    {
        var problems = Problems("""{"prompt":"","seed":1,"steps":0,"guidance":20.5,"code":"zz"}""");

        CollectionAssert.AreEqual(
            new[]
            {
                "COG2014: invalid input \"prompt\": must be at least 1 characters long, got 0",
                "COG2014: invalid input \"steps\": must be greater than or equal to 1",
                "COG2014: invalid input \"guidance\": must be less than or equal to 20",
                "COG2014: invalid input \"code\": must match the pattern \"^[a-z][0-9]$\"",
            },
            problems);
    }

    [TestMethod]
    public void LengthCountsCodePointsNotUtf16Units()
    {
        var prompt = new string('x', 499) + "🎉";

        CollectionAssert.AreEqual(Array.Empty<string>(), Problems(new JsonObject { ["prompt"] = prompt, ["seed"] = 1 }.ToJsonString()));
    }

    [TestMethod]
    public void ExplicitNullIsRejectedEvenForOptionalInputs()
    {
        CollectionAssert.AreEqual(
            new[] { "COG2015: invalid input \"negative\": must not be null (omit the input to use its default)" },
            Problems("""{"prompt":"p","seed":1,"negative":null}"""));
    }

    [TestMethod]
    public void ListElementsAreCheckedOneByOne()
    {
        CollectionAssert.AreEqual(
            new[]
            {
                "COG2012: invalid input \"counts[1]\": expected integer, got string",
                "COG2014: invalid input \"counts[2]\": must be less than or equal to 10",
            },
            Problems("""{"prompt":"p","seed":1,"counts":[1,"two",11]}"""));
        CollectionAssert.AreEqual(
            new[] { "COG2012: invalid input \"tags\": expected array of string, got string" },
            Problems("""{"prompt":"p","seed":1,"tags":"solo"}"""));
    }
}
