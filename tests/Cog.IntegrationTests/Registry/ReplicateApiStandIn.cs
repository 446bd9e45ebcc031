using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Cog.Build.Tasks.Tests.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>
/// A stand-in for Replicate's web endpoints, which cannot be reached here. It follows their documented request and response
/// shapes: the registry host's <c>/cog/v1/display-token-url</c> and <c>/cog/v1/verify-token</c> (cog login), and the API's
/// <c>POST /v1/models</c> and <c>GET /v1/models/{owner}/{name}</c> (cog push). Real HTTP on 127.0.0.1.
/// </summary>
internal sealed class ReplicateApiStandIn : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly Dictionary<string, JsonObject> _models = new(StringComparer.Ordinal);

    public ReplicateApiStandIn(string cliToken, string username, string apiToken)
    {
        CliToken = cliToken;
        Username = username;
        ApiToken = apiToken;
        _server = new LoopbackHttpServer((request, body) =>
        {
            var path = request.Url!.AbsolutePath;
            var authorization = request.Headers["Authorization"] ?? "";
            lock (Requests)
            {
                Requests.Add((request.HttpMethod, path, authorization, body));
            }

            var (status, answer) = Answer(request.HttpMethod, path, authorization, body);
            return (status, answer.ToJsonString(), null);
        });
    }

    public int Port => _server.Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string CliToken { get; }

    public string Username { get; }

    public string ApiToken { get; }

    /// <summary>When false the token endpoints answer 404, like a registry that is not Replicate's.</summary>
    public bool ServesTokenEndpoints { get; set; } = true;

    /// <summary>The version id GET /v1/models/{owner}/{name} reports as latest once the model exists.</summary>
    public string LatestVersionId { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant() + Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

    public List<(string Method, string Path, string Authorization, string Body)> Requests { get; } = new();

    public void Dispose() => _server.Dispose();

    private (int Status, JsonNode Body) Answer(string method, string path, string authorization, string body)
    {
        if (path.StartsWith("/cog/v1/", StringComparison.Ordinal))
        {
            if (!ServesTokenEndpoints)
            {
                return (404, new JsonObject { ["detail"] = "Not found." });
            }

            if (method == "GET" && path == "/cog/v1/display-token-url")
            {
                return (200, new JsonObject { ["url"] = BaseUrl + "/auth/token" });
            }

            if (method == "POST" && path == "/cog/v1/verify-token")
            {
                var token = HttpUtility.ParseQueryString(body)["token"];
                return token == CliToken ? (200, new JsonObject { ["username"] = Username }) : (404, new JsonObject { ["detail"] = "user does not exist" });
            }
        }

        if (path.StartsWith("/v1/", StringComparison.Ordinal) && authorization != "Bearer " + ApiToken)
        {
            return (401, new JsonObject { ["title"] = "Unauthenticated", ["detail"] = "You did not pass a valid authentication token", ["status"] = 401 });
        }

        if (method == "POST" && path == "/v1/models")
        {
            var request = JsonNode.Parse(body)!.AsObject();
            var owner = request["owner"]?.GetValue<string>() ?? "";
            var name = request["name"]?.GetValue<string>() ?? "";
            var visibility = request["visibility"]?.GetValue<string>();
            var hardware = request["hardware"]?.GetValue<string>();
            if (owner.Length == 0 || name.Length == 0 || visibility is not ("public" or "private") || string.IsNullOrEmpty(hardware))
            {
                return (400, new JsonObject { ["detail"] = "owner, name, visibility and hardware are required" });
            }

            if (_models.ContainsKey(owner + "/" + name))
            {
                return (409, new JsonObject { ["detail"] = "A model with that name already exists." });
            }

            var model = new JsonObject
            {
                ["url"] = $"https://replicate.com/{owner}/{name}",
                ["owner"] = owner,
                ["name"] = name,
                ["description"] = null,
                ["visibility"] = visibility,
                ["github_url"] = null,
                ["paper_url"] = null,
                ["license_url"] = null,
                ["run_count"] = 0,
                ["cover_image_url"] = null,
                ["default_example"] = null,
                ["latest_version"] = null,
            };
            _models[owner + "/" + name] = model;
            return (201, model.DeepClone());
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (method == "GET" && parts.Length == 4 && parts[0] == "v1" && parts[1] == "models")
        {
            if (!_models.TryGetValue(parts[2] + "/" + parts[3], out var model))
            {
                return (404, new JsonObject { ["detail"] = "Not found." });
            }

            var answer = model.DeepClone().AsObject();
            answer["latest_version"] = new JsonObject
            {
                ["id"] = LatestVersionId,
                ["created_at"] = DateTime.UtcNow.ToString("O"),
                ["cog_version"] = "0.1.0-dev",
                ["openapi_schema"] = new JsonObject(),
            };
            return (200, answer);
        }

        return (404, new JsonObject { ["detail"] = "Not found." });
    }

    public static JsonObject ParseBody(string body) => JsonSerializer.Deserialize<JsonObject>(body)!;
}
