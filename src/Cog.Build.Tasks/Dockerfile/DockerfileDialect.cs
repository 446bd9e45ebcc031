namespace Cog.Build.Dockerfile;

/// <summary>Which builder will read the Dockerfile; only BuildKit understands <c>RUN --mount</c>.</summary>
public enum DockerfileDialect
{
    BuildKit,
    Classic,
}
