namespace Cog.Cli.CommandLine;

/// <summary>One flag of a verb: <c>--long</c>, an optional <c>-s</c> short form, and a value name unless it is a switch.</summary>
public sealed record FlagSpec(string Long, string? Short, string? ValueName, string Help)
{
    public bool Repeatable { get; init; }

    public bool Hidden { get; init; }

    public bool IsSwitch => ValueName is null;

    public bool Matches(string name) => name == Long || (Short is not null && name == Short);
}
