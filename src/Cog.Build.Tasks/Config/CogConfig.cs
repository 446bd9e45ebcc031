namespace Cog.Build.Config;

/// <summary>
/// A loaded and validated <c>cog.yaml</c>. Every value keeps the raw text the user wrote (<c>3.10</c> stays <c>"3.10"</c>).
/// </summary>
public sealed record CogConfig
{
    public BuildConfig Build { get; init; } = new();

    /// <summary>The output image name (<c>image:</c>); exclusive with <see cref="Model"/>.</summary>
    public string? Image { get; init; }

    /// <summary>A bare repository (<c>model:</c>), no tag or digest; required by <see cref="Weights"/>.</summary>
    public string? Model { get; init; }

    /// <summary>The runner reference, <c>run.py:Runner</c>, from <c>run:</c> or the deprecated <c>predict:</c>.</summary>
    public string? Run { get; init; }

    /// <summary>True when <see cref="Run"/> came from the deprecated <c>predict:</c> key.</summary>
    public bool RunFromPredictKey { get; init; }

    /// <summary>The trainer reference, <c>train.py:Trainer</c>.</summary>
    public string? Train { get; init; }

    /// <summary>Deprecated <c>concurrency:</c> block (prefer <c>@cog.concurrent(max=...)</c>).</summary>
    public ConcurrencyConfig? Concurrency { get; init; }

    /// <summary>Top-level <c>environment:</c> entries, in file order.</summary>
    public IReadOnlyList<EnvironmentVariable> Environment { get; init; } = [];

    public IReadOnlyList<WeightsEntry> Weights { get; init; } = [];

    /// <summary>Where each key was written, for diagnostics raised after loading (e.g. by the CUDA resolver).</summary>
    public ConfigSource Source { get; init; } = ConfigSource.Unknown;
}
