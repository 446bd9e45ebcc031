using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cog.Build.Tasks;

/// <summary>
/// What a dev verb's container needs, computed by the targets (image built, config read) and handed to the cog command,
/// which starts the container itself so it owns the terminal. Serialized as JSON to the file named by CogPlanFile.
/// </summary>
public sealed record ContainerPlan
{
    public required string Verb { get; init; }

    public required string Image { get; init; }

    public required string ProjectDirectory { get; init; }

    public string ConfigFile { get; init; } = "";

    /// <summary>Empty for no GPUs; "all" for a GPU model unless CogGpus/--gpus says otherwise.</summary>
    public string Gpus { get; init; } = "";

    public IReadOnlyList<string> Environment { get; init; } = [];

    public int SetupTimeoutSeconds { get; init; } = 300;

    public int Port { get; init; } = 5000;

    public string UploadUrl { get; init; } = "";

    public bool HasTrain { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ContainerPlan FromJson(string json) =>
        JsonSerializer.Deserialize<ContainerPlan>(json, Json) ?? throw new JsonException("empty container plan");
}
