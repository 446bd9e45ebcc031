namespace Cog.Build.Config;

/// <summary>One <c>NAME=value</c> entry of <c>environment:</c>, split at the first '='.</summary>
public sealed record EnvironmentVariable(string Name, string Value);
