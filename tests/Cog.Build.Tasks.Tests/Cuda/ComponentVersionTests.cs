using Cog.Build.Cuda;

namespace Cog.Build.Tasks.Tests.Cuda;

[TestClass]
public sealed class ComponentVersionTests
{
    [TestMethod]
    [DataRow("12.1", "12.1.1", true)]
    [DataRow("12.1.0", "12.1.1", false)]
    [DataRow("2.3.1+cu121", "2.3.1", true)]
    [DataRow("12.1", "12.10", false)]
    public void Matches(string a, string b, bool expected) =>
        Assert.AreEqual(expected, ComponentVersion.Parse(a).Matches(ComponentVersion.Parse(b)));

    [TestMethod]
    public void OrdersNumericallyNotAsFloats()
    {
        Assert.IsTrue(ComponentVersion.Parse("12.10") > ComponentVersion.Parse("12.9"));
        Assert.IsTrue(ComponentVersion.Parse("2.10.0") > ComponentVersion.Parse("2.9.1"));
        Assert.AreEqual(0, ComponentVersion.Parse("12.1").CompareTo(ComponentVersion.Parse("12.1.0+x")));
    }

    [TestMethod]
    public void EqualityIncludesLocal()
    {
        Assert.IsTrue(ComponentVersion.Parse("2.1.0").EqualsIncludingLocal(ComponentVersion.Parse("2.1")));
        Assert.IsFalse(ComponentVersion.Parse("2.1.0+cpu").EqualsIncludingLocal(ComponentVersion.Parse("2.1.0")));
    }

    [TestMethod]
    [DataRow("1.2.3.4")]
    [DataRow("a.b")]
    [DataRow("")]
    [DataRow("1..2")]
    public void RejectsMalformed(string text) => Assert.IsFalse(ComponentVersion.TryParse(text, out _));
}
