using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// Replicate's HTTP API, the two calls push makes: <c>POST /v1/models</c> (create a model when the registry does not know
/// it) and <c>GET /v1/models/{owner}/{name}</c> (its latest version after the push). The host is
/// <c>COG_REPLICATE_API_HOST</c>, else api.replicate.com.
/// </summary>
public sealed class ReplicateApiClient : IDisposable
{
    public const string DefaultHost = "api.replicate.com";
    public const string HostVariable = "COG_REPLICATE_API_HOST";
    public const string TokenVariable = "REPLICATE_API_TOKEN";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _token;

    public ReplicateApiClient(string apiHost, string token, HttpClient? http = null)
    {
        ApiHost = apiHost;
        _token = token;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string ApiHost { get; }

    public Uri BaseUri => new((ApiHost.Contains("://") ? ApiHost.TrimEnd('/') : "https://" + ApiHost.TrimEnd('/')) + "/");

    public static string HostFromEnvironment(Func<string, string?>? environment = null)
    {
        var value = (environment ?? Environment.GetEnvironmentVariable)(HostVariable);
        return string.IsNullOrWhiteSpace(value) ? DefaultHost : value!.Trim();
    }

    public async Task<ReplicateModel> CreateModelAsync(string owner, string name, string visibility, string hardware, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["owner"] = owner,
            ["name"] = name,
            ["visibility"] = visibility,
            ["hardware"] = hardware,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, "v1/models"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Messages.ReplicateModelCreateFailed.Fail($"{owner}/{name}", ApiHost, (int)response.StatusCode, Detail(text));
        }

        return ParseModel(text, owner, name);
    }

    /// <summary>The model, or null when the API does not know it.</summary>
    public async Task<ReplicateModel?> GetModelAsync(string owner, string name, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, $"v1/models/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}"));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Messages.ReplicateUnexpectedStatus.Fail(ApiHost, (int)response.StatusCode, $"the model {owner}/{name}: {Detail(text)}");
        }

        return ParseModel(text, owner, name);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("cog-dotnet", "1.0"));
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException error)
            {
                throw Messages.RegistryUnreachable.Fail(ApiHost, error.Message);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Messages.RegistryUnreachable.Fail(ApiHost, "the request timed out");
            }
        }
    }

    private static ReplicateModel ParseModel(string text, string owner, string name)
    {
        try
        {
            var root = JsonNode.Parse(text) as JsonObject;
            string? Field(JsonObject? node, string key) => node?[key] is JsonValue value && value.TryGetValue(out string? s) ? s : null;
            var latest = root?["latest_version"] as JsonObject;
            return new ReplicateModel(
                Field(root, "owner") ?? owner,
                Field(root, "name") ?? name,
                Field(root, "url") ?? $"https://replicate.com/{owner}/{name}",
                Field(root, "visibility"),
                Field(latest, "id"));
        }
        catch (JsonException)
        {
            return new ReplicateModel(owner, name, $"https://replicate.com/{owner}/{name}", null, null);
        }
    }

    private static string Detail(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject root && root["detail"] is JsonValue detail && detail.TryGetValue(out string? message))
            {
                return message ?? "";
            }
        }
        catch (JsonException)
        {
        }

        return text.Length > 300 ? text.Substring(0, 300) : text;
    }
}
