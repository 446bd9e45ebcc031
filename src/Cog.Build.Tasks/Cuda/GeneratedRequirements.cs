using Cog.Build.Diagnostics;

namespace Cog.Build.Cuda;

/// <summary>The requirements.txt Cog writes into the build context: index options first, then the packages.</summary>
public sealed record GeneratedRequirements(IReadOnlyList<string> Lines, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static GeneratedRequirements Empty { get; } = new([], []);

    /// <summary>True when there is nothing to install (the Dockerfile then has no pip step).</summary>
    public bool IsEmpty => Lines.Count == 0;

    public string Text => IsEmpty ? string.Empty : string.Join('\n', Lines) + "\n";
}
