using Cog.Build.Diagnostics;

namespace Cog.Build.Images;

/// <summary>Finds the runtime's <c>cog</c> package folder from what the caller supplied (the package itself or its parent).</summary>
public static class RuntimePayload
{
    public static string Locate(string runtimePath)
    {
        var full = Path.GetFullPath(runtimePath);
        foreach (var candidate in new[] { full, Path.Combine(full, "cog") })
        {
            if (File.Exists(Path.Combine(candidate, "__init__.py")) && Path.GetFileName(candidate) == "cog")
            {
                return candidate;
            }
        }

        throw Messages.RuntimePayloadMissing.Fail(runtimePath);
    }
}
