using System.Text.Json;

namespace Cog.Build.Cuda;

/// <summary>
/// The <c>cog-base</c> tags that may exist (spec 10 §6): python-only, cuda+python, and with a torch component.
/// A tag from here is still only a candidate: the registry must confirm it exists.
/// </summary>
public sealed class CogBaseCatalog
{
    private readonly HashSet<string> pythonOnly;
    private readonly HashSet<string> cudaPythonCudas;
    private readonly HashSet<string> cudaPythonPythons;
    private readonly Dictionary<string, Dictionary<string, List<string>>> cudaPythonTorch;
    private readonly Dictionary<string, List<string>> cpuPythonTorch;

    private CogBaseCatalog(
        IEnumerable<string> pythonOnly,
        IEnumerable<string> cudas,
        IEnumerable<string> pythons,
        Dictionary<string, Dictionary<string, List<string>>> cudaPythonTorch,
        Dictionary<string, List<string>> cpuPythonTorch,
        IReadOnlyList<string> systemPackages)
    {
        this.pythonOnly = [.. pythonOnly];
        cudaPythonCudas = [.. cudas];
        cudaPythonPythons = [.. pythons];
        this.cudaPythonTorch = cudaPythonTorch;
        this.cpuPythonTorch = cpuPythonTorch;
        SystemPackages = systemPackages;
    }

    /// <summary>apt packages every cog-base image already holds (left out of the generated apt line).</summary>
    public IReadOnlyList<string> SystemPackages { get; }

    internal static CogBaseCatalog FromJson(JsonElement e, IReadOnlyList<string> systemPackages)
    {
        static List<string> List(JsonElement a) => a.EnumerateArray().Select(v => v.GetString()!).ToList();
        var cudaTorch = e.GetProperty("cuda_python_torch").EnumerateObject().ToDictionary(
            c => c.Name, c => c.Value.EnumerateObject().ToDictionary(p => p.Name, p => List(p.Value)));
        var cpuTorch = e.GetProperty("cpu_python_torch").EnumerateObject().ToDictionary(p => p.Name, p => List(p.Value));
        return new CogBaseCatalog(
            List(e.GetProperty("python_only_pythons")),
            List(e.GetProperty("cuda_python_cudas")),
            List(e.GetProperty("cuda_python_pythons")),
            cudaTorch,
            cpuTorch,
            systemPackages);
    }

    /// <summary>
    /// The tag (<c>cuda12.8-python3.12-torch2.7.1</c>) for the request, or null when no cog-base image fits it.
    /// The torch part is normalised to the highest known torch matching the request, and dropped when none matches.
    /// </summary>
    public string? TagFor(string? cuda, string? python, string? torch)
    {
        var cudaPart = cuda is not null && ComponentVersion.TryParse(cuda, out var c) ? c.MajorMinor : null;
        var pythonPart = python is not null && ComponentVersion.TryParse(python, out var p) ? p.MajorMinor : null;
        var torchPart = NormaliseTorch(cudaPart, pythonPart, torch);

        var valid = (cudaPart, pythonPart, torchPart) switch
        {
            ({ } cu, { } py, { } t) => cudaPythonTorch.TryGetValue(cu, out var byPython) && byPython.TryGetValue(py, out var list) && list.Contains(t),
            (null, { } py, { } t) => cpuPythonTorch.TryGetValue(py, out var list) && list.Contains(t),
            ({ } cu, { } py, null) => cudaPythonCudas.Contains(cu) && cudaPythonPythons.Contains(py),
            (null, { } py, null) => pythonOnly.Contains(py),
            _ => false,
        };

        if (!valid)
        {
            return null;
        }

        var parts = new List<string>();
        if (cudaPart is not null)
        {
            parts.Add("cuda" + cudaPart);
        }

        parts.Add("python" + pythonPart);
        if (torchPart is not null)
        {
            parts.Add("torch" + torchPart);
        }

        return string.Join('-', parts);
    }

    private string? NormaliseTorch(string? cuda, string? python, string? torch)
    {
        if (python is null || !ComponentVersion.TryParse(torch, out var requested))
        {
            return null;
        }

        IEnumerable<string> known = cuda is null
            ? cpuPythonTorch.GetValueOrDefault(python) ?? []
            : cudaPythonTorch.GetValueOrDefault(cuda)?.GetValueOrDefault(python) ?? [];
        return known
            .Select(ComponentVersion.Parse)
            .Where(v => v.Matches(requested))
            .OrderByDescending(v => v)
            .Select(v => v.WithoutLocal)
            .FirstOrDefault();
    }
}
