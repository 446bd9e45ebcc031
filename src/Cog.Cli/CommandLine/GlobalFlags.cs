namespace Cog.Cli.CommandLine;

/// <summary>Flags every verb accepts (spec 40 §0).</summary>
public static class GlobalFlags
{
    public static readonly FlagSpec Debug = new("--debug", null, null, "Show debug output (MSBuild at normal verbosity, runtime logs at debug level).");

    public static readonly FlagSpec NoColor = new("--no-color", null, null, "Print without colors or icons (also exports NO_COLOR=1).");

    public static readonly FlagSpec Registry = new("--registry", null, "HOST", "Registry host for login and default model names.") { Hidden = true };

    public static IReadOnlyList<FlagSpec> All { get; } = [Debug, NoColor, Registry];
}
