namespace Cog.Build.Config;

/// <summary>One <c>weights:</c> item: files fetched from <see cref="Sources"/> and placed at <see cref="Target"/>.</summary>
public sealed record WeightsEntry(string Name, string Target, IReadOnlyList<WeightsSource> Sources);

/// <summary>A weights source: a URI plus optional include/exclude glob patterns.</summary>
public sealed record WeightsSource(string Uri, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude);
