namespace Cog.Build.Config;

/// <summary>The deprecated <c>concurrency:</c> block.</summary>
public sealed record ConcurrencyConfig(int Max, int? DefaultTarget = null);
