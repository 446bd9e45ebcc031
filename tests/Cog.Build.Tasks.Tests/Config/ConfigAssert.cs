using Cog.Build.Config;
using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks.Tests.Config;

internal static class ConfigAssert
{
    public static ConfigLoadResult Load(string yaml, string? projectDirectory = null) =>
        CogConfigLoader.LoadFromText(yaml, "cog.yaml", projectDirectory);

    public static CogConfig LoadValid(string yaml, string? projectDirectory = null)
    {
        var result = Load(yaml, projectDirectory);
        Assert.IsFalse(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config;
    }

    /// <summary>Asserts exactly one diagnostic with <paramref name="code"/> and returns it.</summary>
    public static Diagnostic Single(ConfigLoadResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.AreEqual(1, matches.Count, $"expected one {code}, got:\n" + string.Join("\n", result.Diagnostics));
        return matches[0];
    }
}
