using System.Globalization;
using NuGet.Versioning;

namespace Cog.Build.Cuda;

/// <summary>
/// A CUDA/torch/tensorflow/Python version, <c>MAJOR[.MINOR[.PATCH]][+local]</c> (spec 10 §0). Ordering goes through
/// NuGet.Versioning on (major, minor, patch-or-0); versions are never compared as floats (so 12.10 &gt; 12.9).
/// </summary>
public sealed record ComponentVersion(int Major, int Minor, int? Patch, string? Local, string Text) : IComparable<ComponentVersion>
{
    public NuGetVersion Numeric => new(Major, Minor, Patch ?? 0);

    /// <summary><c>MAJOR.MINOR</c>.</summary>
    public string MajorMinor => $"{Major}.{Minor}";

    public static ComponentVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a version (MAJOR[.MINOR[.PATCH]][+local])");

    public static bool TryParse(string? text, out ComponentVersion version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var plus = text.IndexOf('+');
        var numeric = plus < 0 ? text : text[..plus];
        var local = plus < 0 ? null : text[(plus + 1)..];
        var parts = numeric.Split('.');
        if (parts.Length > 3)
        {
            return false;
        }

        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new ComponentVersion(numbers[0], numbers.Length > 1 ? numbers[1] : 0, numbers.Length > 2 ? numbers[2] : null, local, text);
        return true;
    }

    /// <summary>Same major and minor, and same patch when both have one; local parts ignored.</summary>
    public bool Matches(ComponentVersion other) =>
        Major == other.Major && Minor == other.Minor && (Patch is null || other.Patch is null || Patch == other.Patch);

    /// <summary>Same numbers (a missing patch counts as 0) and the same local part.</summary>
    public bool EqualsIncludingLocal(ComponentVersion other) =>
        CompareTo(other) == 0 && string.Equals(Local, other.Local, StringComparison.Ordinal);

    public int CompareTo(ComponentVersion? other) =>
        other is null ? 1 : VersionComparer.Version.Compare(Numeric, other.Numeric);

    /// <summary>The text without its <c>+local</c> part.</summary>
    public string WithoutLocal => Local is null ? Text : Text[..Text.IndexOf('+')];

    public override string ToString() => Text;

    public static bool operator <(ComponentVersion a, ComponentVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(ComponentVersion a, ComponentVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(ComponentVersion a, ComponentVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ComponentVersion a, ComponentVersion b) => a.CompareTo(b) >= 0;
}
