namespace Cog.Build.Diagnostics;

/// <summary>
/// The one message table. Each band lives in its own partial file (Messages.Config.cs = COG1xxx, Messages.Inputs.cs = COG2xxx,
/// Messages.Docker.cs = COG3xxx, Messages.Registry.cs = COG4xxx, Messages.Runtime.cs = COG5xxx, Messages.General.cs = COG0xxx);
/// every row is a <c>public static readonly MessageTemplate</c> field, and a unit test checks that codes are unique.
/// </summary>
public static partial class Messages
{
    internal static MessageTemplate Error(string code, string format) => new(code, DiagnosticSeverity.Error, format);

    internal static MessageTemplate Warning(string code, string format) => new(code, DiagnosticSeverity.Warning, format);
}
