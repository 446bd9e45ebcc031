namespace Cog.Build.Schema;

/// <summary>All <c>-i</c> values given for one name, in command-line order (more than one makes a list).</summary>
public sealed record InputArgument(string Name, IReadOnlyList<string> Values);
