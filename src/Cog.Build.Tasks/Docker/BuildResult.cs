namespace Cog.Build.Docker;

/// <summary>The outcome of a successful build: the image id, which builder ran it, and every step with its cache state.</summary>
public sealed record BuildResult(string ImageId, bool UsedBuildKit, IReadOnlyList<BuildStep> Steps)
{
    public IEnumerable<BuildStep> DockerfileSteps => Steps.Where(s => s.IsDockerfileStep);

    /// <summary>The Dockerfile steps the engine actually executed (not served from cache). FROM steps are never "executed".</summary>
    public IEnumerable<BuildStep> ExecutedSteps =>
        DockerfileSteps.Where(s => !s.Cached && !s.Instruction.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
}
