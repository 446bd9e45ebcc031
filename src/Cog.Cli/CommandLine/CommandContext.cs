using Cog.Cli.Terminal;

namespace Cog.Cli.CommandLine;

/// <summary>What every verb gets: the streams, the working directory, the global flags and Ctrl-C as a token.</summary>
public sealed class CommandContext
{
    public required TextWriter Stdout { get; init; }

    public required TextWriter Stderr { get; init; }

    public required ConsoleStyle Style { get; init; }

    public required string WorkingDirectory { get; init; }

    public bool Debug { get; init; }

    /// <summary>Where MSBuild writes a binary log (--binlog); null for none.</summary>
    public string? BinaryLog { get; init; }

    public string? Registry { get; init; }

    /// <summary>Canceled by SIGINT/SIGTERM (Ctrl-C); verbs clean up their containers and return.</summary>
    public CancellationToken Cancellation { get; init; }
}
