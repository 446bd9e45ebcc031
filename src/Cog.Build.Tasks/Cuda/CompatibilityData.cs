using System.Reflection;

namespace Cog.Build.Cuda;

/// <summary>The CUDA/torch/tensorflow facts shipped inside the task assembly.</summary>
public static class CompatibilityData
{
    public static string ReadJson()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Cog.Build.Cuda.compat.json")
            ?? throw new InvalidOperationException("compat.json resource missing from Cog.Build.Tasks");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
