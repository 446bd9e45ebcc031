namespace Cog.Cli.CommandLine;

/// <summary>A verb of the cog command: its flags, help text and the handler that runs it.</summary>
public sealed record VerbSpec(string Name, string Summary, string Usage)
{
    public IReadOnlyList<FlagSpec> Flags { get; init; } = [];

    public string? Description { get; init; }

    public IReadOnlyList<string> Examples { get; init; } = [];

    public bool Hidden { get; init; }

    /// <summary>Flags after the first positional belong to it (<c>cog exec python -c …</c>).</summary>
    public bool StopAtFirstPositional { get; init; }

    public required Func<CommandContext, IReadOnlyList<string>, Task<int>> Handler { get; init; }

    public IEnumerable<FlagSpec> AllFlags => Flags.Concat(GlobalFlags.All);
}
