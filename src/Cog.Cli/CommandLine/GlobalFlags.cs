namespace Cog.Cli.CommandLine;

/// <summary>Flags every verb accepts (spec 40 §0).</summary>
public static class GlobalFlags
{
    public static readonly FlagSpec Debug = new("--debug", null, null, "Show debug output (MSBuild at normal verbosity, runtime logs at debug level).");

    public static readonly FlagSpec NoColor = new("--no-color", null, null, "Print without colors or icons (also exports NO_COLOR=1).");

    public static readonly FlagSpec Registry = new("--registry", null, "HOST", "Registry host for login and default model names.") { Hidden = true };

    public static readonly FlagSpec BinaryLog = new("--binlog", null, null, "Write an MSBuild binary log of the build (msbuild.binlog, or --binlog=PATH).");

    public static IReadOnlyList<FlagSpec> All { get; } = [Debug, NoColor, BinaryLog, Registry];

    /// <summary>The binary log <c>--binlog[=PATH]</c> asks for, as a full path; null when not given.</summary>
    public static string? BinaryLogPath(IEnumerable<string> arguments, string workingDirectory)
    {
        var flag = arguments.LastOrDefault(a => a == BinaryLog.Long || a.StartsWith(BinaryLog.Long + "=", StringComparison.Ordinal));
        if (flag is null)
        {
            return null;
        }

        var path = flag.Length > BinaryLog.Long.Length + 1 ? flag[(BinaryLog.Long.Length + 1)..] : "msbuild.binlog";
        return Path.GetFullPath(path, workingDirectory);
    }
}
