using Cog.Build.Cuda;
using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// Chooses the FROM image (spec 10 §6 as amended): the override if given; else a cog-base image when one fits and the registry
/// confirms it; else <c>nvidia/cuda:…</c> for GPU builds or <c>python:X.Y-slim</c>.
/// </summary>
public static class BaseImageSelector
{
    /// <summary>The cog-base reference for this build (<c>r8.im/cog-base:cuda12.8-python3.12-torch2.7.1</c>), or null when none fits.</summary>
    public static string? CogBaseCandidate(ResolvedBuild build, BaseImageOptions options, CompatibilityMatrix? matrix = null)
    {
        var tag = (matrix ?? CompatibilityMatrix.Default).CogBase.TagFor(build.CudaForBaseImage, build.Config.Build.PythonVersion, build.TorchVersion);
        return tag is null ? null : $"{options.RegistryHost}/cog-base:{tag}";
    }

    /// <summary>The image used when cog-base is off or unavailable.</summary>
    public static BaseImage Fallback(ResolvedBuild build, BaseImageOptions options)
    {
        var flavor = build.Gpu && options.UseCudaBaseImage != false ? BaseImageFlavor.NvidiaCuda : BaseImageFlavor.PythonSlim;
        if (!string.IsNullOrWhiteSpace(options.Override))
        {
            return new BaseImage(options.Override, flavor);
        }

        return flavor == BaseImageFlavor.NvidiaCuda
            ? new BaseImage(build.Cuda?.Image.Image ?? throw new InvalidOperationException("GPU build without a CUDA resolution"), flavor)
            : new BaseImage($"python:{build.Config.Build.PythonVersion}-slim", flavor);
    }

    /// <summary>
    /// Chooses without asking any registry: cog-base is used only when <paramref name="cogBaseKnownToExist"/> says so.
    /// Used by <c>cog debug</c> and by callers that checked availability themselves.
    /// </summary>
    public static BaseImageSelection SelectWithoutRegistry(ResolvedBuild build, BaseImageOptions options, bool cogBaseKnownToExist = false)
    {
        if (!string.IsNullOrWhiteSpace(options.Override) || options.UseCogBaseImage == false || !cogBaseKnownToExist)
        {
            return new BaseImageSelection(Fallback(build, options), null, []);
        }

        var candidate = CogBaseCandidate(build, options);
        return candidate is null
            ? new BaseImageSelection(Fallback(build, options), null, [])
            : new BaseImageSelection(CogBase(candidate, build), candidate, []);
    }

    /// <summary>
    /// Chooses, asking <paramref name="availability"/> (wrapped with a timeout and a per-build cache) whether the cog-base tag exists.
    /// Unset <see cref="BaseImageOptions.UseCogBaseImage"/>: any failure falls back with one warning. Explicit true: failure is an error.
    /// </summary>
    public static async Task<BaseImageSelection> SelectAsync(
        ResolvedBuild build, BaseImageOptions options, IBaseImageAvailability? availability, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(options.Override) || options.UseCogBaseImage == false || (availability is null && options.UseCogBaseImage is null))
        {
            return new BaseImageSelection(Fallback(build, options), null, []);
        }

        var diagnostics = new List<Diagnostic>();
        var python = build.Config.Build.PythonVersion;
        if (python.Count(c => c == '.') > 1)
        {
            diagnostics.Add(Messages.PythonPatchStripped.Create(python, string.Join('.', python.Split('.').Take(2))));
        }

        var candidate = CogBaseCandidate(build, options);
        string? failure;
        if (candidate is null)
        {
            failure = "no cog-base image is published for this combination";
        }
        else
        {
            var cached = availability as CachedBaseImageAvailability ?? (availability is null ? null : new CachedBaseImageAvailability(availability));
            var (exists, reason) = cached is null ? (false, "no registry check is available") : await cached.CheckAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (exists)
            {
                return new BaseImageSelection(CogBase(candidate, build), candidate, diagnostics);
            }

            failure = reason ?? $"{candidate} does not exist";
        }

        if (options.UseCogBaseImage == true)
        {
            diagnostics.Add(Messages.CogBaseUnsupported.Create(build.CudaForBaseImage ?? "(none)", python, string.IsNullOrEmpty(build.TorchVersion) ? "(none)" : build.TorchVersion));
        }
        else
        {
            diagnostics.Add(Messages.CogBaseFallback.Create(failure));
        }

        return new BaseImageSelection(Fallback(build, options), candidate, diagnostics);
    }

    private static BaseImage CogBase(string reference, ResolvedBuild build) =>
        new(reference, BaseImageFlavor.CogBase) { CogBaseCuda = build.CudaForBaseImage };
}
