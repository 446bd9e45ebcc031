using Cog.Build.Diagnostics;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class InputArgumentParserTests
{
    [TestMethod]
    public void SplitsAtTheFirstEqualsSign()
    {
        var parsed = InputArgumentParser.Parse(["query=a=b==c"]);

        Assert.AreEqual("query", parsed[0].Name);
        Assert.AreEqual("a=b==c", parsed[0].Values[0]);
    }

    [TestMethod]
    public void StripsOnePairOfSurroundingQuotes()
    {
        var parsed = InputArgumentParser.Parse(["a=\"hello\"", "b=\"\"x\"\"", "c=\"open", "d=\""]);

        Assert.AreEqual("hello", parsed[0].Values[0]);
        Assert.AreEqual("\"x\"", parsed[1].Values[0]);
        Assert.AreEqual("\"open", parsed[2].Values[0]);
        Assert.AreEqual("\"", parsed[3].Values[0]);
    }

    [TestMethod]
    public void RepeatedNamesBecomeOneGroupInOrder()
    {
        var parsed = InputArgumentParser.Parse(["tags=a", "prompt=p", "tags=b", "tags=c"]);

        CollectionAssert.AreEqual(new[] { "tags", "prompt" }, parsed.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, parsed[0].Values.ToArray());
    }

    [TestMethod]
    public void ArbitraryCharactersSurviveUnchanged()
    {
        const string value = "it's \"quoted\"; 100% $HOME `x` @at =eq\nline2\ttab ünïcødé 🎉 \\back";

        var parsed = InputArgumentParser.Parse(["text=" + value]);

        Assert.AreEqual(value, parsed[0].Values[0]);
    }

    [TestMethod]
    public void ValueWithoutEqualsIsCOG2001()
    {
        var error = Assert.ThrowsExactly<CogException>(() => InputArgumentParser.Parse(["prompt"]));

        Assert.AreEqual("COG2001", error.Diagnostics[0].Code);
        StringAssert.StartsWith(error.Diagnostics[0].Message, "Failed to parse input 'prompt', expected format is 'name=value'");
    }

    [TestMethod]
    public void EmptyValueIsAllowed()
    {
        Assert.AreEqual("", InputArgumentParser.Parse(["a="])[0].Values[0]);
    }
}
