using System.Text.Json;

namespace Cog.Build.Cuda;

/// <summary>The typed compatibility facts (compat.json): CUDA images, torch wheels, tensorflow releases and cog-base tags.</summary>
public sealed class CompatibilityMatrix
{
    private static readonly Lazy<CompatibilityMatrix> Shared = new(() => FromJson(CompatibilityData.ReadJson()));

    private CompatibilityMatrix(
        IReadOnlyList<CudaBaseImage> cudaImages,
        IReadOnlyList<TorchWheel> torchWheels,
        IReadOnlyList<TensorflowRelease> tensorflow,
        string uvImage,
        CogBaseCatalog cogBase)
    {
        CudaImages = cudaImages;
        AllTorchWheels = torchWheels;
        TorchWheels = torchWheels.Where(w => w.Usable).ToList();
        Tensorflow = tensorflow;
        UvImage = uvImage;
        CogBase = cogBase;
    }

    /// <summary>The facts embedded in this assembly.</summary>
    public static CompatibilityMatrix Default => Shared.Value;

    public IReadOnlyList<CudaBaseImage> CudaImages { get; }

    /// <summary>Usable torch wheels only (rows whose CUDA has no image are dropped).</summary>
    public IReadOnlyList<TorchWheel> TorchWheels { get; }

    public IReadOnlyList<TorchWheel> AllTorchWheels { get; }

    public IReadOnlyList<TensorflowRelease> Tensorflow { get; }

    /// <summary>The pinned uv image GPU Dockerfiles copy uv from.</summary>
    public string UvImage { get; }

    public CogBaseCatalog CogBase { get; }

    public static CompatibilityMatrix FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var images = root.GetProperty("cuda_base_images").EnumerateArray().Select(e => new CudaBaseImage(
            Str(e, "tag")!, Str(e, "image")!, ComponentVersion.Parse(Str(e, "cuda")!), Str(e, "cudnn")!, ComponentVersion.Parse(Str(e, "ubuntu")!))).ToList();
        var torch = root.GetProperty("torch_wheels").EnumerateArray().Select(e => new TorchWheel(
            ComponentVersion.Parse(Str(e, "torch")!),
            Str(e, "local_tag"),
            Str(e, "cuda") is { } cuda ? ComponentVersion.Parse(cuda) : null,
            Str(e, "torchvision") ?? string.Empty,
            Str(e, "torchaudio") ?? string.Empty,
            Str(e, "extra_index_url"),
            Str(e, "find_links"),
            Strings(e, "pythons"),
            e.GetProperty("usable").GetBoolean())).ToList();
        var tensorflow = root.GetProperty("tensorflow").EnumerateArray().Select(e => new TensorflowRelease(
            Str(e, "tensorflow")!, Str(e, "cpu_requirement")!, Str(e, "gpu_requirement")!, ComponentVersion.Parse(Str(e, "cuda")!), Str(e, "cudnn")!,
            Strings(e, "pythons"))).ToList();
        var constants = root.GetProperty("constants");
        var derived = root.GetProperty("derived");
        var cogBase = CogBaseCatalog.FromJson(derived.GetProperty("cog_base_candidates"), Strings(derived, "cog_base_system_packages"));
        return new CompatibilityMatrix(images, torch, tensorflow, Str(constants, "uv_image")!, cogBase);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];
}
