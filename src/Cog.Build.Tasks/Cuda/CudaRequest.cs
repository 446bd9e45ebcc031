namespace Cog.Build.Cuda;

/// <summary>
/// What CUDA resolution looks at: the user's <c>build.cuda</c>/<c>build.cudnn</c> (null = unset) and the torch/tensorflow
/// versions from requirements (null = package absent, "" = present but unpinned).
/// </summary>
public sealed record CudaRequest(string? Cuda = null, string? Cudnn = null, string? Torch = null, string? Tensorflow = null);
