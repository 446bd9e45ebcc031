namespace Cog.Build.Dockerfile;

/// <summary>What kind of image a Dockerfile starts from; it decides which setup steps the generator emits.</summary>
public enum BaseImageFlavor
{
    /// <summary><c>python:X.Y-slim</c> (or a mirror of it): Python and pip are there.</summary>
    PythonSlim,

    /// <summary><c>nvidia/cuda:…</c> (or a mirror): Cog installs Python with a pinned uv.</summary>
    NvidiaCuda,

    /// <summary><c>r8.im/cog-base:…</c>: Python, uv, torch and common apt packages are there.</summary>
    CogBase,
}

/// <summary>The image the dependency stage starts FROM, and its flavor.</summary>
public sealed record BaseImage(string Reference, BaseImageFlavor Flavor)
{
    /// <summary>CUDA of a cog-base image (x.y), used for flags that changed with CUDA 13.</summary>
    public string? CogBaseCuda { get; init; }
}
