using Cog.Build.Schema;

namespace Cog.Build.Predictions;

/// <summary>Everything one <c>cog run</c>/<c>cog train</c> needs once the image exists.</summary>
public sealed record PredictionSessionOptions(ModelContainerSpec Container, InputSources Inputs)
{
    /// <summary>
    /// The model's OpenAPI schema when known before start (an image label). When null, a host that is an
    /// <see cref="IModelSchemaSource"/> is asked (dev runs); failing that, inputs are validated against the served schema.
    /// </summary>
    public string? SchemaJson { get; init; }

    public bool Training { get; init; }

    /// <summary>The <c>-o</c> value, or null for the default (<c>output</c>; train: <c>weights</c>).</summary>
    public string? Output { get; init; }

    /// <summary><c>--json</c> output mode; on by default when the inputs came from <c>--json</c>.</summary>
    public bool? JsonOutput { get; init; }

    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The request's <c>context</c> (e.g. <c>replicate_api_token</c>).</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    /// <summary>Directory relative output paths resolve against (the user's current directory).</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    internal bool IsJsonOutput => JsonOutput ?? Inputs.Json is not null;
}
