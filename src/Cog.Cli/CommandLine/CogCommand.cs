using System.Reflection;
using Cog.Build.Diagnostics;
using Cog.Cli.Terminal;
using Cog.Cli.Verbs;

namespace Cog.Cli.CommandLine;

/// <summary>
/// The root of the cog command: global flags, <c>--version</c>, <c>--help</c>, then the verb. Every user-facing failure
/// arrives as a <see cref="CogException"/> and is printed as coded diagnostics on stderr with exit code 1.
/// </summary>
public static class CogCommand
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory, CancellationToken cancellation)
    {
        var debug = false;
        var noColor = false;
        string? registry = null;
        var index = 0;
        for (; index < args.Count && args[index].StartsWith('-'); index++)
        {
            switch (args[index])
            {
                case "--version" or "-v":
                    await stdout.WriteLineAsync(VersionLine());
                    return 0;
                case "--help" or "-h":
                    await stdout.WriteAsync(HelpText.ForRoot(VerbTable.All));
                    return 0;
                case "--debug":
                    debug = true;
                    break;
                case "--no-color":
                    noColor = true;
                    break;
                case var flag when flag == GlobalFlags.BinaryLog.Long || flag.StartsWith(GlobalFlags.BinaryLog.Long + "=", StringComparison.Ordinal):
                    break;
                case "--registry" when index + 1 < args.Count:
                    registry = args[++index];
                    break;
                default:
                    return Fail(new ConsoleStyle(stderr, false), Messages.UnknownGlobalFlag.Create(args[index]));
            }
        }

        if (index >= args.Count)
        {
            await stdout.WriteAsync(HelpText.ForRoot(VerbTable.All));
            return 0;
        }

        var rest = args.Skip(index + 1).ToList();
        debug |= rest.Contains("--debug");
        noColor |= rest.Contains("--no-color");
        if (noColor)
        {
            Environment.SetEnvironmentVariable("NO_COLOR", "1");
        }

        var style = new ConsoleStyle(stderr, ConsoleStyle.ColorWanted(noColor));
        var verb = VerbTable.Find(args[index]);
        if (verb is null)
        {
            return Fail(style, Messages.UnknownCommand.Create(args[index]));
        }

        var context = new CommandContext
        {
            Stdout = stdout,
            Stderr = stderr,
            Style = style,
            WorkingDirectory = workingDirectory,
            Debug = debug,
            BinaryLog = GlobalFlags.BinaryLogPath(args, workingDirectory),
            Registry = registry ?? NonEmpty(Environment.GetEnvironmentVariable("COG_REGISTRY_HOST")),
            Cancellation = cancellation,
        };

        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                // Help wins unless it is an argument of the command being run (cog exec grep -h …).
                var parsed = TryParse(verb, rest);
                if (parsed is null || parsed.HelpRequested)
                {
                    await stdout.WriteAsync(HelpText.ForVerb(verb));
                    return 0;
                }
            }

            return await verb.Handler(context, rest);
        }
        catch (CogException failure)
        {
            foreach (var diagnostic in failure.Diagnostics)
            {
                style.Report(diagnostic);
            }

            if (failure.Diagnostics.Any(d => d.Code is "COG0111" or "COG0112" or "COG0113" or "COG0114"))
            {
                await stderr.WriteAsync(Environment.NewLine + HelpText.Usage(verb));
            }

            return failure.Diagnostics.Any(d => d.IsError) ? 1 : 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return 130;
        }
    }

    public static string VersionLine()
    {
        var built = File.GetLastWriteTimeUtc(Path.Combine(AppContext.BaseDirectory, "cog.dll"));
        return $"cog version {Version()} (built {built:yyyy-MM-ddTHH:mm:ssZ})";
    }

    /// <summary>This command's version, which is also the version of the Cog.Sdk it ships with.</summary>
    public static string Version()
    {
        var version = typeof(CogCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }

    private static ParsedArguments? TryParse(VerbSpec verb, IReadOnlyList<string> rest)
    {
        try
        {
            return ArgumentParser.Parse(verb, rest);
        }
        catch (CogException)
        {
            return null;
        }
    }

    private static int Fail(ConsoleStyle style, Diagnostic diagnostic)
    {
        style.Report(diagnostic);
        return 1;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
