using System.Text.Json.Nodes;

namespace Cog.Build.Predictions;

/// <summary>A <c>GET /health-check</c> answer (spec 30 §6): the status and, while or after setup runs, its logs.</summary>
public sealed record HealthStatus(string Status, string? SetupStatus, string? SetupLogs)
{
    public const string Starting = "STARTING";
    public const string Ready = "READY";
    public const string Busy = "BUSY";
    public const string Unhealthy = "UNHEALTHY";
    public const string SetupFailed = "SETUP_FAILED";
    public const string Defunct = "DEFUNCT";

    /// <summary>Null when the body is not a JSON object with a string <c>status</c>.</summary>
    public static HealthStatus? TryParse(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject root || root["status"] is not JsonValue status ||
                !status.TryGetValue<string>(out var text))
            {
                return null;
            }

            var setup = root["setup"] as JsonObject;
            return new HealthStatus(text, Text(setup?["status"]), Text(setup?["logs"]));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
