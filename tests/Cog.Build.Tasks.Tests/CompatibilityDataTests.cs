using System.Text.Json;
using Cog.Build.Cuda;

namespace Cog.Build.Tasks.Tests;

[TestClass]
public sealed class CompatibilityDataTests
{
    [TestMethod]
    public void EmbeddedCompatibilityDataIsJson()
    {
        using var doc = JsonDocument.Parse(CompatibilityData.ReadJson());
        Assert.AreEqual(JsonValueKind.Object, doc.RootElement.ValueKind);
    }
}
