using System.Net;
using System.Text.Json;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// The two token endpoints a Replicate registry host serves for <c>cog login</c>: <c>GET /cog/v1/display-token-url</c>
/// (where the user fetches a CLI token) and <c>POST /cog/v1/verify-token</c> (token → username).
/// </summary>
public sealed class ReplicateTokenClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public ReplicateTokenClient(string registryHost, HttpClient? http = null)
    {
        RegistryHost = registryHost;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public string RegistryHost { get; }

    /// <summary><c>https://</c> is added unless the host already names a scheme.</summary>
    public Uri BaseUri => new((RegistryHost.Contains("://") ? RegistryHost.TrimEnd('/') : "https://" + RegistryHost.TrimEnd('/')) + "/");

    public async Task<string> GetDisplayTokenUrlAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, "cog/v1/display-token-url")), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw Messages.ReplicateNotRegistry.Fail(RegistryHost);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Messages.ReplicateUnexpectedStatus.Fail(RegistryHost, (int)response.StatusCode, "the token URL");
        }

        return ReadString(await response.Content.ReadAsStringAsync().ConfigureAwait(false), "url") ??
               throw Messages.ReplicateUnexpectedStatus.Fail(RegistryHost, 200, "the token URL (the answer has no 'url')");
    }

    /// <summary>Returns the username the token belongs to.</summary>
    public async Task<string> VerifyTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, "cog/v1/verify-token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw Messages.ReplicateUserUnknown.Fail(RegistryHost);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Messages.ReplicateUnexpectedStatus.Fail(RegistryHost, (int)response.StatusCode, "the token check");
        }

        var username = ReadString(await response.Content.ReadAsStringAsync().ConfigureAwait(false), "username");
        return string.IsNullOrEmpty(username) ? throw Messages.ReplicateUserUnknown.Fail(RegistryHost) : username!;
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
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException error)
            {
                throw Messages.RegistryUnreachable.Fail(RegistryHost, error.Message);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Messages.RegistryUnreachable.Fail(RegistryHost, "the request timed out");
            }
        }
    }

    private static string? ReadString(string body, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
