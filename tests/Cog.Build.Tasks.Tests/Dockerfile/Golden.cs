using System.Runtime.CompilerServices;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

/// <summary>
/// Compares a rendered plan with Golden/&lt;name&gt;.txt. Set COG_UPDATE_GOLDENS=1 to rewrite the files instead
/// (then review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Match(string name, DockerfilePlan plan, [CallerFilePath] string callerFile = "")
    {
        var actual = Render(plan);
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name + ".txt");
        if (Environment.GetEnvironmentVariable("COG_UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.IsTrue(File.Exists(path), $"missing golden {path}; run with COG_UPDATE_GOLDENS=1 to create it. Actual:\n{actual}");
        Assert.AreEqual(File.ReadAllText(path).ReplaceLineEndings("\n"), actual, $"golden {name} differs (COG_UPDATE_GOLDENS=1 rewrites it)");
    }

    /// <summary>The Dockerfile, then each generated file and the config label, each under a header line.</summary>
    public static string Render(DockerfilePlan plan)
    {
        var text = plan.Dockerfile;
        foreach (var file in plan.Files)
        {
            text += $"\n=== {file.ContextPath} ===\n" + (file.Text ?? $"(copy of {Path.GetFileName(file.SourcePath)})\n");
        }

        if (plan.WeightsDockerfile is not null)
        {
            text += "\n=== weights image Dockerfile ===\n" + plan.WeightsDockerfile;
        }

        return text + $"\n=== {DockerfilePlan.ConfigLabel} ===\n{plan.ConfigLabelJson}\n";
    }
}
