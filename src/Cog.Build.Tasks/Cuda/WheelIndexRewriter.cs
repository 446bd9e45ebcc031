using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;
using Cog.Build.Requirements;

namespace Cog.Build.Cuda;

/// <summary>
/// Rewrites requirement lines so torch, torchvision and tensorflow come from wheels built for the image (spec 10 §5):
/// CUDA or CPU wheel indexes for torch/torchvision, the GPU requirement for tensorflow. Pure over the compatibility facts.
/// </summary>
public sealed partial class WheelIndexRewriter
{
    private readonly CompatibilityMatrix matrix;

    public WheelIndexRewriter(CompatibilityMatrix? matrix = null) => this.matrix = matrix ?? CompatibilityMatrix.Default;

    /// <param name="requirements">Parsed lines (local artifacts already rewritten to their image paths).</param>
    /// <param name="gpu">Whether the image is a CUDA image.</param>
    /// <param name="cuda">The resolved CUDA (x.y) when <paramref name="gpu"/>.</param>
    public GeneratedRequirements Rewrite(IReadOnlyList<Requirement> requirements, bool gpu, string? cuda)
    {
        var findLinks = new List<string>();
        var indexes = new List<string>();
        var lines = new List<string>();
        var diagnostics = new List<Diagnostic>();
        var buildCuda = gpu && ComponentVersion.TryParse(cuda, out var parsed) ? parsed : null;

        foreach (var requirement in requirements)
        {
            if (IsCogRuntime(requirement))
            {
                diagnostics.Add(Messages.RequirementsCogRemoved.Create(requirement.Text));
                continue;
            }

            var pin = Pin().Match(requirement.Text);
            if (requirement.IsBarePath || !pin.Success)
            {
                lines.Add(requirement.Text);
                continue;
            }

            var (name, version, options) = (pin.Groups["name"].Value, pin.Groups["version"].Value, pin.Groups["options"].Value);
            if (options.Trim().Length > 0)
            {
                // A pin carrying its own index keeps it: the URLs move to the top of the file.
                foreach (Match option in InlineOption().Matches(options))
                {
                    (option.Groups["flag"].Value.StartsWith("--extra", StringComparison.Ordinal) ? indexes : findLinks).Add(option.Groups["url"].Value);
                }

                lines.Add($"{name}=={version}");
                continue;
            }

            var (line, wheel) = name switch
            {
                "torch" when gpu => GpuTorch(version, buildCuda),
                "torch" => CpuTorch(version),
                "torchvision" when gpu => GpuTorchvision(version, buildCuda, diagnostics),
                "torchvision" => CpuTorchvision(version),
                "tensorflow" when gpu => (GpuTensorflow(version, buildCuda) ?? requirement.Text, null),
                _ => (requirement.Text, null),
            };

            lines.Add(line);
            if (wheel?.FindLinks is { } links)
            {
                findLinks.Add(links);
            }

            if (wheel?.ExtraIndexUrl is { } index)
            {
                indexes.Add(index);
            }
        }

        var output = findLinks.Distinct().Select(u => "--find-links " + u)
            .Concat(indexes.Distinct().Select(u => "--extra-index-url " + u))
            .Concat(lines)
            .ToList();
        return new GeneratedRequirements(output, diagnostics);
    }

    private (string Line, TorchWheel? Wheel) GpuTorch(string version, ComponentVersion? cuda)
    {
        var wheel = BestGpuWheel(w => ComponentVersion.TryParse(version, out var v) && w.Torch.Matches(v), cuda);
        return wheel is null ? ($"torch=={version}", null) : ($"torch=={wheel.Torch.WithoutLocal}", wheel);
    }

    private (string Line, TorchWheel? Wheel) CpuTorch(string version)
    {
        var wheel = matrix.TorchWheels.FirstOrDefault(w => w.IsCpu && w.Torch.Text == version);
        return (wheel is null ? $"torch=={version}" : $"torch=={wheel.Torch.Text}", wheel);
    }

    private (string Line, TorchWheel? Wheel) GpuTorchvision(string version, ComponentVersion? cuda, List<Diagnostic> diagnostics)
    {
        var wheel = BestGpuWheel(w => WithoutLocal(w.Torchvision) == WithoutLocal(version), cuda);
        if (wheel is null)
        {
            diagnostics.Add(Messages.TorchvisionNoCudaWheel.Create(version, cuda?.Text ?? "(none)"));
            return ($"torchvision=={version}", null);
        }

        return ($"torchvision=={WithoutLocal(wheel.Torchvision)}", wheel);
    }

    private (string Line, TorchWheel? Wheel) CpuTorchvision(string version)
    {
        var wheel = matrix.TorchWheels.FirstOrDefault(w => w.IsCpu && WithoutLocal(w.Torchvision) == WithoutLocal(version));
        return wheel is null ? ($"torchvision=={version}", null) : ($"torchvision=={wheel.Torchvision}", wheel);
    }

    private string? GpuTensorflow(string version, ComponentVersion? cuda) =>
        matrix.Tensorflow.FirstOrDefault(t => t.Version == version && cuda is not null && t.Cuda.Matches(cuda))?.GpuRequirement;

    // Among usable GPU wheels accepted by the filter and no newer than the build's CUDA: highest CUDA, then highest torch.
    private TorchWheel? BestGpuWheel(Func<TorchWheel, bool> accept, ComponentVersion? cuda) =>
        cuda is null
            ? null
            : matrix.TorchWheels
                .Where(w => !w.IsCpu && accept(w) && w.Cuda! <= cuda)
                .OrderByDescending(w => w.Cuda)
                .ThenByDescending(w => w.Torch)
                .FirstOrDefault();

    private static bool IsCogRuntime(Requirement requirement) =>
        requirement.Name is { } name && (name.Equals("cog", StringComparison.OrdinalIgnoreCase) || name.Equals("coglet", StringComparison.OrdinalIgnoreCase));

    private static string WithoutLocal(string version) => version.Split('+')[0];

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_.\-]+)==(?<version>[^\s;,]+)(?<options>(\s+(--find-links[= ]\s*\S+|-f\s*\S+|--extra-index-url[= ]\s*\S+))*)\s*$")]
    private static partial Regex Pin();

    [GeneratedRegex(@"(?<flag>--find-links|-f|--extra-index-url)[= ]?\s*(?<url>\S+)")]
    private static partial Regex InlineOption();
}
