namespace Cog.Build.Config;

/// <summary>Environment names cog.yaml may not set, because Cog, CUDA or the platform own them.</summary>
public static class ReservedEnvironment
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONUNBUFFERED", "LIBRARY_PATH", "HF_ENDPOINT",
        "HF_HUB_ENABLE_HF_TRANSFER",
    ];

    public static IReadOnlyList<string> Prefixes { get; } = ["R8_", "REPLICATE_", "CUDA_", "NVIDIA_", "NV_", "PGET_", "KUBERNETES_"];

    public static bool IsReserved(string name) =>
        Names.Contains(name, StringComparer.Ordinal) || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
