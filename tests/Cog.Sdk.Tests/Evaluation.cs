namespace Cog.Sdk.Tests;

/// <summary>An item as an evaluation (or a run of targets) left it: its identity and metadata.</summary>
public sealed record EvaluatedItem(string Identity, IReadOnlyDictionary<string, string> Metadata)
{
    public string Get(string name) => Metadata.TryGetValue(name, out var value) ? value : "";
}

/// <summary>The properties and items a test asked for, from whichever MSBuild produced them.</summary>
public sealed class Evaluation(IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, IReadOnlyList<EvaluatedItem>> items)
{
    public string Property(string name) => properties.TryGetValue(name, out var value) ? value : "";

    public IReadOnlyList<EvaluatedItem> Items(string type) => items.TryGetValue(type, out var list) ? list : [];

    /// <summary>A DependsOn-style list split into its names, blanks dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Property(name).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
