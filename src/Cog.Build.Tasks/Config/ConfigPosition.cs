namespace Cog.Build.Config;

/// <summary>A 1-based line/column in a config file.</summary>
public readonly record struct ConfigPosition(int Line, int Column);
