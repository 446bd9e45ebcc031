namespace Cog.Build.Cuda;

/// <summary>A tensorflow release with the CUDA/cuDNN it was built against and the requirement lines for CPU and GPU.</summary>
public sealed record TensorflowRelease(
    string Version,
    string CpuRequirement,
    string GpuRequirement,
    ComponentVersion Cuda,
    string Cudnn,
    IReadOnlyList<string> Pythons);
