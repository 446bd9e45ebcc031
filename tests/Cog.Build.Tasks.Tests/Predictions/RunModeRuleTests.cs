using Cog.Build.Predictions;

namespace Cog.Build.Tasks.Tests.Predictions;

[TestClass]
public sealed class RunModeRuleTests
{
    private static RunModeDecision Decide(params string[] args) => RunModeRule.Decide(args, name => name == "mymodel");

    [TestMethod]
    public void NoPositionalIsAPrediction()
    {
        Assert.AreEqual(RunMode.Prediction, Decide().Mode);
        Assert.AreEqual(RunMode.Prediction, Decide("-i", "x=1", "-e", "A=b").Mode);
        Assert.IsNull(Decide("-i", "x=1").Image);
    }

    [TestMethod]
    public void PredictionFlagsBeforeThePositionalMakeItAPrediction()
    {
        var decision = Decide("-i", "text=hi", "bash");

        Assert.AreEqual(RunMode.Prediction, decision.Mode);
        Assert.AreEqual("bash", decision.Image);
        CollectionAssert.AreEqual(new[] { "-i", "text=hi" }, decision.Options.ToArray());
        Assert.AreEqual(RunMode.Prediction, Decide("--json={}", "thing").Mode);
        Assert.AreEqual(RunMode.Prediction, Decide("--setup-timeout", "5", "thing").Mode);
        Assert.AreEqual(RunMode.Prediction, Decide("-ox.png", "thing").Mode);
    }

    [TestMethod]
    public void ImageReferencesArePredictions()
    {
        var decision = Decide("r8.im/me/model", "-i", "x=1");

        Assert.AreEqual(RunMode.Prediction, decision.Mode);
        Assert.AreEqual("r8.im/me/model", decision.Image);
        CollectionAssert.AreEqual(new[] { "-i", "x=1" }, decision.Options.ToArray());
        Assert.AreEqual(RunMode.Prediction, Decide("model:latest").Mode);
        Assert.AreEqual(RunMode.Prediction, Decide("model@sha256:abc").Mode);
        Assert.AreEqual(RunMode.Prediction, Decide("mymodel", "-i", "a=b").Mode);
    }

    [TestMethod]
    public void OtherWordsRunTheCommandWithItsOwnFlags()
    {
        var decision = Decide("-e", "A=1", "grep", "-i", "pattern", "-o", "file");

        Assert.AreEqual(RunMode.Command, decision.Mode);
        CollectionAssert.AreEqual(new[] { "grep", "-i", "pattern", "-o", "file" }, decision.Command.ToArray());
        CollectionAssert.AreEqual(new[] { "-e", "A=1" }, decision.Options.ToArray());
        CollectionAssert.AreEqual(new[] { "python", "-c", "print(1)" }, Decide("python", "-c", "print(1)").Command.ToArray());
        Assert.AreEqual(RunMode.Command, Decide("bash").Mode);
    }

    [TestMethod]
    public void DoubleDashForcesTheCommandForm()
    {
        var decision = Decide("--gpus", "all", "--", "r8.im/looks/like:image", "-i");

        Assert.AreEqual(RunMode.Command, decision.Mode);
        CollectionAssert.AreEqual(new[] { "r8.im/looks/like:image", "-i" }, decision.Command.ToArray());
        CollectionAssert.AreEqual(new[] { "--gpus", "all" }, decision.Options.ToArray());
    }

    [TestMethod]
    public void ValueFlagsSkipTheirValue()
    {
        Assert.AreEqual(RunMode.Prediction, Decide("-f", "other.yaml").Mode);
        Assert.AreEqual(RunMode.Command, Decide("-f", "other.yaml", "ls").Mode);
        Assert.AreEqual(RunMode.Command, Decide("--debug", "ls").Mode);
    }
}
