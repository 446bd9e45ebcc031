using System.Diagnostics;
using Microsoft.Build.Evaluation;

namespace Cog.Sdk.Tests;

/// <summary>Evaluates a project with the Microsoft.Build assembly this test project ships (no locator: it is that version).</summary>
public static class InProcessEvaluator
{
    private static readonly object Gate = new();

    /// <summary>The file version of the loaded Microsoft.Build, e.g. 17.7.2.</summary>
    public static Version EngineVersion { get; } =
        Version.Parse(FileVersionInfo.GetVersionInfo(typeof(Project).Assembly.Location).FileVersion!);

    public static Evaluation Evaluate(string projectFile, IReadOnlyDictionary<string, string> globalProperties, IEnumerable<string> properties, IEnumerable<string> items)
    {
        // ProjectCollection reads environment variables as properties; evaluations stay one at a time.
        lock (Gate)
        {
            using var collection = new ProjectCollection(globalProperties.ToDictionary(p => p.Key, p => p.Value));
            var project = collection.LoadProject(projectFile);
            var values = properties.ToDictionary(p => p, p => project.GetPropertyValue(p));
            var itemLists = items.ToDictionary(
                type => type,
                type => (IReadOnlyList<EvaluatedItem>)project.GetItems(type)
                    .Select(i => new EvaluatedItem(i.EvaluatedInclude, i.Metadata.ToDictionary(m => m.Name, m => m.EvaluatedValue)))
                    .ToList());
            return new Evaluation(values, itemLists);
        }
    }

    /// <summary>The Inputs and Outputs attributes of a target, unevaluated, as the SDK files spell them.</summary>
    public static (string Inputs, string Outputs) TargetIncrementality(string projectFile, string target)
    {
        lock (Gate)
        {
            using var collection = new ProjectCollection();
            var instance = collection.LoadProject(projectFile).CreateProjectInstance();
            var definition = instance.Targets[target];
            return (definition.Inputs, definition.Outputs);
        }
    }
}
