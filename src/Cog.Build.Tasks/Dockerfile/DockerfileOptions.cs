namespace Cog.Build.Dockerfile;

/// <summary>How to render: the builder dialect and the optional extras (CA certificate, separate weights, config file name).</summary>
public sealed record DockerfileOptions
{
    public DockerfileDialect Dialect { get; init; } = DockerfileDialect.BuildKit;

    /// <summary>PEM text of an extra CA certificate to trust (from <c>COG_CA_CERT</c>; see <see cref="CaCertificate"/>).</summary>
    public string? CaCertificatePem { get; init; }

    public WeightsLayout? SeparateWeights { get; init; }

    /// <summary>The config file name relative to the project when it is not cog.yaml (copied to /src/cog.yaml in the image).</summary>
    public string? ConfigFileName { get; init; }

    /// <summary>Concurrency from a static <c>@cog.concurrent(max=…)</c> when cog.yaml has none.</summary>
    public int? DecoratorConcurrency { get; init; }
}
