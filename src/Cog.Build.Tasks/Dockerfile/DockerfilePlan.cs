using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// Everything the engine needs to build a model image: the Dockerfile, the extra files for the context, the dependency
/// stage to target for dev images, and the label values Cog computes before building.
/// </summary>
public sealed record DockerfilePlan(
    string Dockerfile,
    IReadOnlyList<PlanFile> Files,
    BaseImage BaseImage,
    string ConfigLabelJson,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The multi-stage target of the dependency stage: what dev verbs build (<c>--target deps</c>).</summary>
    public const string DepsTarget = "deps";

    /// <summary>Where the engine must put the runtime package (the folder holding <c>__init__.py</c>) in the build context.</summary>
    public const string RuntimeContextPath = ".cog/runtime/cog";

    /// <summary>
    /// Where the model's own files sit in the build context. Generated files live beside it under <c>.cog/</c>, so the
    /// release stage's <c>COPY src/ /src</c> takes the model alone (<c>COPY --exclude</c> needs a newer frontend than Docker 20.10's).
    /// </summary>
    public const string ModelContextPath = "src";

    /// <summary>Where the runtime lives in the image; this folder is on PYTHONPATH so <c>import cog</c> works.</summary>
    public const string RuntimeImageDirectory = "/opt/cog/python";

    /// <summary>The label that carries <see cref="ConfigLabelJson"/>.</summary>
    public const string ConfigLabel = "run.cog.config";

    /// <summary>The Dockerfile of the weights image (<c>--separate-weights</c>), built first with the project as its context.</summary>
    public string? WeightsDockerfile { get; init; }

    /// <summary>Context exclusions for the model build (the separated weights), in .dockerignore pattern syntax.</summary>
    public IReadOnlyList<string> ContextExclusions { get; init; } = [];

    /// <summary>True when a RUN step mounts build secrets (the engine must use a BuildKit session, e.g. docker buildx).</summary>
    public bool UsesSecrets { get; init; }
}
