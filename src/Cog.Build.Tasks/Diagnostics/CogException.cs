namespace Cog.Build.Diagnostics;

/// <summary>
/// A user-facing failure carrying coded diagnostics. Doors (tasks, CLI) print the diagnostics and never the stack trace.
/// </summary>
public sealed class CogException : Exception
{
    public CogException(Diagnostic diagnostic)
        : this(new[] { diagnostic })
    {
    }

    public CogException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
