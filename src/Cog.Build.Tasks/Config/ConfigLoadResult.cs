using Cog.Build.Diagnostics;

namespace Cog.Build.Config;

/// <summary>
/// What loading cog.yaml produced: the best-effort config (always present) and every problem found, all at once.
/// Trust <see cref="Config"/> only when <see cref="HasErrors"/> is false.
/// </summary>
public sealed record ConfigLoadResult(CogConfig Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    /// <summary>The config, or a <see cref="CogException"/> carrying every diagnostic (warnings too) when there are errors.</summary>
    public CogConfig GetConfigOrThrow() => HasErrors ? throw new CogException(Diagnostics) : Config;
}
