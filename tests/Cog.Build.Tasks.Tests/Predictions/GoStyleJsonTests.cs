using System.Text.Json.Nodes;
using Cog.Build.Predictions;

namespace Cog.Build.Tasks.Tests.Predictions;

[TestClass]
public sealed class GoStyleJsonTests
{
    [TestMethod]
    public void SortsKeysAndIndentsTwoSpaces()
    {
        var text = GoStyleJson.Serialize(JsonNode.Parse("""{"b":1,"a":{"d":[],"c":{}},"e":[1,"x"]}"""));

        Assert.AreEqual("{\n  \"a\": {\n    \"c\": {},\n    \"d\": []\n  },\n  \"b\": 1,\n  \"e\": [\n    1,\n    \"x\"\n  ]\n}", text);
    }

    [TestMethod]
    public void EscapesHtmlCharactersLikeGo()
    {
        var text = GoStyleJson.Serialize(JsonValue.Create("<a href=\"x\">&</a>\n\u0001é"), indent: false);

        Assert.AreEqual("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\n\\u0001é\"", text);
    }

    [TestMethod]
    public void NumbersPrintAsFloat64InShortestForm()
    {
        Assert.AreEqual("2", GoStyleJson.Serialize(JsonNode.Parse("2.0")));
        Assert.AreEqual("0.1", GoStyleJson.Serialize(JsonNode.Parse("0.1")));
        Assert.AreEqual("0.00001", GoStyleJson.FormatNumber(1e-5));
        Assert.AreEqual("1e-07", GoStyleJson.FormatNumber(1e-7));
        Assert.AreEqual("1e+21", GoStyleJson.FormatNumber(1e21));
        Assert.AreEqual("100000000000000000000", GoStyleJson.FormatNumber(1e20));
        Assert.AreEqual("-3.5", GoStyleJson.FormatNumber(-3.5));
        Assert.AreEqual("12345678901234567000", GoStyleJson.Serialize(JsonNode.Parse("12345678901234567890")));
    }

    [TestMethod]
    public void KeepsInsertionOrderWhenAsked()
    {
        var text = GoStyleJson.Serialize(JsonNode.Parse("""{"status":"ok","output":null,"error":""}"""), indent: false, sortKeys: false);

        Assert.AreEqual("""{"status":"ok","output":null,"error":""}""", text);
    }
}
