namespace Cog.Build.Cuda;

/// <summary>An <c>nvidia/cuda</c> tag Cog may build FROM.</summary>
public sealed record CudaBaseImage(string Tag, string Image, ComponentVersion Cuda, string Cudnn, ComponentVersion Ubuntu);
