namespace Cog.Build.Predictions;

/// <summary>
/// What <c>cog run</c>'s arguments mean. <see cref="Options"/> are the arguments left for the verb's own flag parser:
/// for a prediction, everything but the image; for a command, the flags before it (<c>-e</c>, <c>-p</c>, <c>--gpus</c> …).
/// </summary>
public sealed record RunModeDecision(RunMode Mode, string? Image, IReadOnlyList<string> Command, IReadOnlyList<string> Options);
