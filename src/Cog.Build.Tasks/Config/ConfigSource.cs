using Cog.Build.Diagnostics;

namespace Cog.Build.Config;

/// <summary>
/// The file a config came from and where each key was written (paths like <c>build.cuda</c>, <c>build.run[1]</c>),
/// so later stages can point their diagnostics at the right line.
/// </summary>
public sealed record ConfigSource(string FileName, string? ProjectDirectory, IReadOnlyDictionary<string, ConfigPosition> Positions)
{
    public static ConfigSource Unknown { get; } = new("cog.yaml", null, new Dictionary<string, ConfigPosition>());

    /// <summary>The position of <paramref name="path"/>, or of its nearest written parent.</summary>
    public ConfigPosition? Find(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (Positions.TryGetValue(p, out var position))
            {
                return position;
            }
        }

        return null;
    }

    /// <summary>Places a diagnostic at the key <paramref name="path"/> of this file.</summary>
    public Diagnostic Locate(Diagnostic diagnostic, string path)
    {
        var position = Find(path);
        return diagnostic.At(FileName, position?.Line ?? 0, position?.Column ?? 0);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
