namespace Cog.Build.Cuda;

/// <summary>The CUDA and cuDNN a GPU image uses and the <c>nvidia/cuda</c> image that provides them.</summary>
public sealed record CudaResolution(string Cuda, string Cudnn, CudaBaseImage Image);
