using System.Globalization;

namespace Cog.Build.Diagnostics;

/// <summary>A row of the message table: a code and a composite-format text ({0}, {1} …).</summary>
public sealed record MessageTemplate(string Code, DiagnosticSeverity Severity, string Format)
{
    public Diagnostic Create(params object?[] args) =>
        new(Code, Severity, string.Format(CultureInfo.InvariantCulture, Format, args));

    public CogException Fail(params object?[] args) => new(Create(args));
}
