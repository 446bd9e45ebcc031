using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// The user's base-image choices: <c>--use-cog-base-image</c> (null = unset, try and fall back quietly),
/// <c>--use-cuda-base-image</c> (only false disables), and the override from <c>CogBaseImage</c> / <c>--base-image</c> /
/// <c>COG_BASE_IMAGE</c>, which replaces the FROM image and skips cog-base.
/// </summary>
public sealed record BaseImageOptions(
    bool? UseCogBaseImage = null,
    bool? UseCudaBaseImage = null,
    string? Override = null,
    string RegistryHost = "r8.im")
{
    /// <summary>Reads <c>COG_BASE_IMAGE</c> and <c>COG_REGISTRY_HOST</c> when the caller did not set them.</summary>
    public BaseImageOptions WithEnvironment(Func<string, string?> getVariable) => this with
    {
        Override = string.IsNullOrWhiteSpace(Override) ? NullIfBlank(getVariable("COG_BASE_IMAGE")) : Override,
        RegistryHost = NullIfBlank(getVariable("COG_REGISTRY_HOST")) ?? RegistryHost,
    };

    /// <summary>Parses MSBuild/CLI flag text: "" or "auto" = unset, else true/false.</summary>
    public static bool? ParseFlag(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null
        : bool.TryParse(value, out var flag) ? flag
        : null;

    /// <summary>COG1102 when more than one of the exclusive flags was given explicitly.</summary>
    public static Diagnostic? CheckExclusive(bool cogBaseGiven, bool cudaBaseGiven, bool dockerfileGiven)
    {
        var given = new List<string>();
        if (cogBaseGiven)
        {
            given.Add("use-cog-base-image");
        }

        if (cudaBaseGiven)
        {
            given.Add("use-cuda-base-image");
        }

        if (dockerfileGiven)
        {
            given.Add("dockerfile");
        }

        return given.Count > 1 ? Messages.BaseImageFlagsExclusive.Create(given[0], given[1]) : null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
