using System.Text.Json.Nodes;

namespace Cog.Build.Predictions;

/// <summary>A terminal prediction or training as the server reports it (sync reply or SSE <c>completed</c> snapshot).</summary>
public sealed record PredictionResponse(string? Id, string Status, JsonNode? Output, string? Error, string Logs, JsonObject? Metrics)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public bool IsSuccess => Status == Succeeded;

    /// <summary>True when the response carried an <c>output</c> key at all (null output is still an output).</summary>
    public bool HasOutput { get; init; }

    public static PredictionResponse FromJson(JsonObject body) =>
        new(
            Text(body["id"]),
            Text(body["status"]) ?? "unknown",
            body["output"]?.DeepClone(),
            Text(body["error"]),
            Text(body["logs"]) ?? "",
            body["metrics"]?.DeepClone() as JsonObject)
        {
            HasOutput = body.ContainsKey("output"),
        };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
