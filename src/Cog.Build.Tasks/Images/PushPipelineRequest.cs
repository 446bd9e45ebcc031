namespace Cog.Build.Images;

/// <summary>Everything <c>cog push</c> / <c>CogPush</c> was given. The image name is the first of the argument, CogImage, cog.yaml's image:.</summary>
public sealed record PushPipelineRequest
{
    public string? ImageArgument { get; init; }

    /// <summary>The MSBuild <c>CogImage</c> property.</summary>
    public string? CogImage { get; init; }

    /// <summary>cog.yaml's <c>image:</c>.</summary>
    public string? ConfigImage { get; init; }

    /// <summary>Tags to push the image under (CogImageTags); each replaces the name's own tag. Ignored when an image argument is given.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Also push the <c>&lt;name&gt;-weights</c> image the build made with <c>--separate-weights</c>.</summary>
    public bool SeparateWeights { get; init; }

    /// <summary>The global <c>--registry</c> flag: which host is Replicate's registry (else <c>COG_REGISTRY_HOST</c>, else r8.im).</summary>
    public string? RegistryOption { get; init; }

    /// <summary>Visibility of a model push creates on Replicate: private (default) or public.</summary>
    public string Visibility { get; init; } = "private";

    /// <summary>Hardware of a model push creates on Replicate (Replicate's SKU name, e.g. cpu, gpu-t4).</summary>
    public string Hardware { get; init; } = "cpu";

    /// <summary>False when the Replicate model check already ran (the CogPush target runs it before CogBuild).</summary>
    public bool Precheck { get; init; } = true;

    /// <summary>Where config.json lives; null means <c>DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public string? ConfigDirectory { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
