using System.Globalization;
using Cog.Build.Diagnostics;

namespace Cog.Cli.Containers;

/// <summary>The --gpus value: all, a count, or device=0,1 (spec 40 §6); null when not given.</summary>
public static class GpuOption
{
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value == "all" || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            || (value.StartsWith("device=", StringComparison.Ordinal) && value.Length > "device=".Length))
        {
            return value;
        }

        throw Messages.InvalidGpus.Fail(value);
    }
}
