namespace Cog.Build.Schema;

/// <summary>One input of the model: its name, resolved schema and whether it must be given.</summary>
public sealed record InputProperty(string Name, PropertySchema Schema, bool Required);
