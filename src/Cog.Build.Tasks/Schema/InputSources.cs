namespace Cog.Build.Schema;

/// <summary>
/// Inputs exactly as the user gave them: <c>-i name=value</c> arguments, or a <c>--json</c> argument (inline, <c>@file</c>,
/// <c>-</c>/<c>@-</c> for stdin). Relative <c>@</c> paths resolve against <see cref="BaseDirectory"/>.
/// </summary>
public sealed record InputSources(IReadOnlyList<string> Inputs, string? Json, string BaseDirectory)
{
    /// <summary>Where <c>--json -</c> reads from; null means the process's stdin.</summary>
    public Func<TextReader>? Stdin { get; init; }

    public static InputSources FromArguments(IReadOnlyList<string> inputs, string baseDirectory) => new(inputs, null, baseDirectory);
}
