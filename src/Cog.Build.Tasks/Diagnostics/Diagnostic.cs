namespace Cog.Build.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One coded problem, rendered the way MSBuild and IDEs expect: <c>cog.yaml(7,5): error COG1012: message</c>.
/// Line and column are 1-based; 0 means "unknown".
/// </summary>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public Diagnostic At(string? file, int line = 0, int column = 0) => this with { File = file, Line = line, Column = column };

    public override string ToString()
    {
        var kind = IsError ? "error" : "warning";
        var origin = File is null ? "cog" : Line > 0 ? $"{File}({Line},{Column})" : File;
        return $"{origin}: {kind} {Code}: {Message}";
    }
}
