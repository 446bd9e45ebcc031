using Cog.Build.Diagnostics;

namespace Cog.Build.Cuda;

/// <summary>Chooses CUDA, cuDNN and the nvidia/cuda image for a GPU build (spec 10 §4). Pure over the compatibility facts.</summary>
public sealed class CudaResolver
{
    public const string DefaultCuda = "11.8";

    private readonly CompatibilityMatrix matrix;

    public CudaResolver(CompatibilityMatrix? matrix = null) => this.matrix = matrix ?? CompatibilityMatrix.Default;

    public CudaResult Resolve(CudaRequest request)
    {
        var diagnostics = new List<Diagnostic>();
        var resolution = Resolve(request, diagnostics);
        return new CudaResult(diagnostics.Any(d => d.IsError) ? null : resolution, diagnostics);
    }

    /// <summary>The CUDA versions (x.y, ascending) torch <paramref name="torch"/> has GPU wheels for.</summary>
    public IReadOnlyList<string> TorchCudas(string torch)
    {
        if (!ComponentVersion.TryParse(torch, out var requested))
        {
            return [];
        }

        // "2.3.1+cu121" names its CUDA; honour it when such a wheel exists.
        if (requested.Local is { } local && local.StartsWith("cu", StringComparison.Ordinal) && local.Length >= 4 && local[2..].All(char.IsAsciiDigit))
        {
            var named = $"{local[2..^1]}.{local[^1]}";
            if (matrix.TorchWheels.Any(w => w.Cuda?.Text == named && w.Torch.Matches(requested)))
            {
                return [named];
            }
        }

        return matrix.TorchWheels
            .Where(w => !w.IsCpu && w.Torch.Matches(requested))
            .Select(w => w.Cuda!)
            .DistinctBy(c => c.Text)
            .OrderBy(c => c)
            .Select(c => c.Text)
            .ToList();
    }

    public TensorflowRelease? FindTensorflow(string? version) =>
        version is null ? null : matrix.Tensorflow.FirstOrDefault(t => t.Version == version);

    /// <summary>The highest cuDNN major any image for <paramref name="cuda"/> offers, or null when no image has that CUDA.</summary>
    public string? LatestCudnn(string cuda) =>
        ImagesFor(cuda).Select(i => int.Parse(i.Cudnn, System.Globalization.CultureInfo.InvariantCulture)).OrderDescending()
            .Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The image for a CUDA/cuDNN pair: highest full CUDA, then the newest Ubuntu.</summary>
    public CudaBaseImage? ImageFor(string cuda, string cudnn) =>
        ImagesFor(cuda).Where(i => i.Cudnn == CudnnMajor(cudnn)).OrderByDescending(i => i.Cuda).ThenByDescending(i => i.Ubuntu).FirstOrDefault();

    private IEnumerable<CudaBaseImage> ImagesFor(string cuda) =>
        ComponentVersion.TryParse(cuda, out var wanted) ? matrix.CudaImages.Where(i => i.Cuda.Matches(wanted)) : [];

    private static string CudnnMajor(string cudnn) => cudnn.Split('.')[0];

    private CudaResolution? Resolve(CudaRequest request, List<Diagnostic> diagnostics)
    {
        var (cuda, cudnn) = (request.Cuda, request.Cudnn);
        if (cuda is not null && !ComponentVersion.TryParse(cuda, out _))
        {
            diagnostics.Add(Messages.CudaInvalid.Create(cuda, "write MAJOR.MINOR, for example \"12.1\""));
            return null;
        }

        if (cuda is not null && cudnn is not null)
        {
            var offered = ImagesFor(cuda).Select(i => i.Cudnn).Distinct().Order().ToList();
            if (!offered.Contains(CudnnMajor(cudnn)))
            {
                var reason = offered.Count == 0 ? "no image has this CUDA" : $"CUDA {cuda} images offer cuDNN {string.Join(", ", offered)}";
                diagnostics.Add(Messages.CudnnIncompatible.Create(cudnn, "CUDA " + cuda, reason));
                return null;
            }
        }

        if (request.Tensorflow is not null)
        {
            (cuda, cudnn) = ForTensorflow(request.Tensorflow, cuda, cudnn, diagnostics);
        }
        else if (request.Torch is not null)
        {
            (cuda, cudnn) = ForTorch(request.Torch, cuda, cudnn, diagnostics);
        }
        else
        {
            cuda ??= DefaultCuda;
        }

        if (cuda is null || diagnostics.Any(d => d.IsError))
        {
            return null;
        }

        cudnn ??= LatestCudnn(cuda);
        if (cudnn is null)
        {
            diagnostics.Add(Messages.CudaNotSupported.Create(cuda, string.Join(", ", SupportedCudas())));
            return null;
        }

        var image = ImageFor(cuda, cudnn);
        if (image is null)
        {
            diagnostics.Add(Messages.NoCudaBaseImage.Create(cuda, cudnn, SupportedCudas().Last()));
            return null;
        }

        return new CudaResolution(cuda, CudnnMajor(cudnn), image);
    }

    private (string? Cuda, string? Cudnn) ForTensorflow(string version, string? cuda, string? cudnn, List<Diagnostic> diagnostics)
    {
        var release = FindTensorflow(version);
        if (cuda is null)
        {
            if (release is null)
            {
                diagnostics.Add(Messages.CudaUnknownForFramework.Create("tensorflow", version));
                return (null, null);
            }

            cuda = release.Cuda.Text;
        }
        else if (release is null || !release.Cuda.Matches(ComponentVersion.Parse(cuda)))
        {
            // Upstream warned when the versions were equal (an inverted check); we warn when they differ or are unknown.
            if (release is not null && ComponentVersion.Parse(cuda).Major != release.Cuda.Major)
            {
                diagnostics.Add(Messages.CudaIncompatibleWithTensorflow.Create(cuda, version, release.Cuda.Text));
                return (null, null);
            }

            diagnostics.Add(Messages.CudaCompatibilityUnknown.Create(cuda, "Tensorflow", version, string.Empty));
        }

        if (cudnn is null)
        {
            return (cuda, release?.Cudnn ?? LatestCudnn(cuda));
        }

        if (release is not null && CudnnMajor(cudnn) != release.Cudnn)
        {
            diagnostics.Add(Messages.CudnnIncompatible.Create(cudnn, "tensorflow==" + version, "tensorflow " + version + " needs cuDNN " + release.Cudnn));
            return (null, null);
        }

        return (cuda, cudnn);
    }

    private (string? Cuda, string? Cudnn) ForTorch(string version, string? cuda, string? cudnn, List<Diagnostic> diagnostics)
    {
        if (version.Length == 0)
        {
            diagnostics.Add(Messages.TorchVersionRequired.Create("torch"));
            return (null, null);
        }

        var known = TorchCudas(version);
        if (cuda is null)
        {
            if (known.Count == 0)
            {
                diagnostics.Add(Messages.CudaUnknownForFramework.Create("torch", version));
                return (null, null);
            }

            return (known.Select(ComponentVersion.Parse).Max()!.Text, cudnn);
        }

        var wanted = ComponentVersion.Parse(cuda);
        if (!known.Any(k => ComponentVersion.Parse(k).MajorMinor == wanted.MajorMinor))
        {
            var hint = known.Count > 0 ? $" Try {known[^1]} instead?" : string.Empty;
            diagnostics.Add(Messages.CudaCompatibilityUnknown.Create(cuda, "PyTorch", version, hint));
        }

        return (cuda, cudnn);
    }

    private IEnumerable<string> SupportedCudas() =>
        matrix.CudaImages.Select(i => i.Cuda.MajorMinor).Distinct().Select(ComponentVersion.Parse).Order().Select(v => v.Text);
}
