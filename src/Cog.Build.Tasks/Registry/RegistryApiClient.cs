using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// A small client for the registry HTTP API (<c>/v2/</c>): answers a 401 challenge with Basic credentials or with a Bearer
/// token fetched from the challenge's realm, the way the docker CLI does. Used to verify a login before storing it, to check
/// whether a repository exists before pushing, and to read manifests back.
/// </summary>
public sealed class RegistryApiClient : IDisposable
{
    private static readonly string[] ManifestMediaTypes =
    {
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public RegistryApiClient(HttpClient? http = null)
    {
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Checks <paramref name="credential"/> against the registry's <c>/v2/</c> endpoint. Throws a COG4xxx error when the
    /// registry rejects it or cannot be reached; returns normally when the credential is good (or the registry needs none).
    /// </summary>
    public async Task VerifyLoginAsync(string host, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(host, () => new HttpRequestMessage(HttpMethod.Get, V2(host, "")), credential, scope: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw Messages.LoginRejected.Fail(RegistryHost.Normalize(host), credential.Username);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Messages.LoginUnexpectedStatus.Fail(RegistryHost.Normalize(host), (int)response.StatusCode);
        }
    }

    /// <summary>Asks the registry for the repository's tags: 200 means it exists, <c>NAME_UNKNOWN</c> means it does not.</summary>
    public async Task<RegistryRepositoryState> GetRepositoryStateAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken = default)
    {
        var repository = image.RegistryRepository;
        using var response = await SendAsync(
            image.Host, () => new HttpRequestMessage(HttpMethod.Get, V2(image.Host, repository + "/tags/list")), credential, $"repository:{repository}:pull", cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return RegistryRepositoryState.Exists;
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (ErrorCodes(body).Contains("NAME_UNKNOWN") || response.StatusCode == HttpStatusCode.NotFound)
        {
            return RegistryRepositoryState.NameUnknown;
        }

        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"The registry refused access ({FirstErrorMessage(body)}). Log in with 'cog login {RegistryHost.Normalize(image.Host)}' and try again."
            : FirstErrorMessage(body);
        throw Messages.RegistryCheckFailed.Fail(image.FullRepository, (int)response.StatusCode, hint);
    }

    public async Task<RegistryManifest> GetManifestAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken = default)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Get, image, credential, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Messages.RegistryCheckFailed.Fail(image.Name, (int)response.StatusCode, FirstErrorMessage(Encoding.UTF8.GetString(content)));
        }

        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        return new RegistryManifest(response.Content.Headers.ContentType?.MediaType ?? "", content, digest);
    }

    /// <summary>
    /// Whether the tag (or digest) has a manifest, asked with a HEAD: true for 2xx, false for 404. Other answers throw COG4023,
    /// an unreachable registry COG4006. Anonymous pulls get their Bearer token the same way as authenticated ones.
    /// </summary>
    public async Task<bool> ManifestExistsAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken = default)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Head, image, credential, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw Messages.RegistryCheckFailed.Fail(image.Name, (int)response.StatusCode, response.ReasonPhrase ?? "");
    }

    public async Task<byte[]> GetBlobAsync(ImageReference image, string digest, RegistryCredential? credential, CancellationToken cancellationToken = default)
    {
        var repository = image.RegistryRepository;
        using var response = await SendAsync(
            image.Host, () => new HttpRequestMessage(HttpMethod.Get, V2(image.Host, $"{repository}/blobs/{digest}")), credential, $"repository:{repository}:pull", cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Messages.RegistryCheckFailed.Fail(image.Name + "@" + digest, (int)response.StatusCode, FirstErrorMessage(Encoding.UTF8.GetString(content)));
        }

        return content;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static Uri V2(string host, string path) => new(RegistryHost.BaseUri(host), "v2/" + path);

    private async Task<HttpResponseMessage> SendAsync(
        string host, Func<HttpRequestMessage> createRequest, RegistryCredential? credential, string? scope, CancellationToken cancellationToken)
    {
        var first = await SendOnceAsync(host, createRequest(), cancellationToken).ConfigureAwait(false);
        if (first.StatusCode != HttpStatusCode.Unauthorized)
        {
            return first;
        }

        var challenge = AuthChallenge.Parse(first.Headers.WwwAuthenticate.FirstOrDefault()?.ToString());
        if (challenge is null || credential is null && !challenge.IsBearer)
        {
            return first;
        }

        AuthenticationHeaderValue authorization;
        if (challenge.IsBasic)
        {
            if (credential!.IsIdentityToken)
            {
                return first;
            }

            authorization = BasicHeader(credential);
        }
        else if (challenge.IsBearer)
        {
            var token = await FetchBearerTokenAsync(host, challenge, credential, scope ?? challenge.Scope, cancellationToken).ConfigureAwait(false);
            if (token is null)
            {
                return first;
            }

            authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            return first;
        }

        first.Dispose();
        var retry = createRequest();
        retry.Headers.Authorization = authorization;
        return await SendOnceAsync(host, retry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="method"/> to the image's manifest URL, accepting every manifest and index media type.</summary>
    private Task<HttpResponseMessage> SendManifestRequestAsync(
        HttpMethod method, ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var reference = image.Digest ?? image.TagOrLatest;
        var repository = image.RegistryRepository;
        return SendAsync(
            image.Host,
            () =>
            {
                var request = new HttpRequestMessage(method, V2(image.Host, $"{repository}/manifests/{reference}"));
                foreach (var mediaType in ManifestMediaTypes)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }

                return request;
            },
            credential,
            $"repository:{repository}:pull",
            cancellationToken);
    }

    /// <summary>The token flow of the distribution spec: GET realm?service&amp;scope with Basic auth, or a refresh-token POST.</summary>
    private async Task<string?> FetchBearerTokenAsync(string host, AuthChallenge challenge, RegistryCredential? credential, string? scope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(challenge.Realm) || !Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm))
        {
            return null;
        }

        HttpRequestMessage request;
        if (credential is not null && credential.IsIdentityToken)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credential.Secret,
                ["service"] = challenge.Service ?? "",
                ["client_id"] = "cog",
            };
            if (!string.IsNullOrEmpty(scope))
            {
                form["scope"] = scope!;
            }

            request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new List<string>();
            if (!string.IsNullOrEmpty(challenge.Service))
            {
                query.Add("service=" + Uri.EscapeDataString(challenge.Service!));
            }

            if (!string.IsNullOrEmpty(scope))
            {
                query.Add("scope=" + Uri.EscapeDataString(scope!));
            }

            if (credential is not null)
            {
                query.Add("account=" + Uri.EscapeDataString(credential.Username));
            }

            var builder = new UriBuilder(realm);
            var existing = builder.Query.TrimStart('?');
            builder.Query = string.Join("&", new[] { existing }.Concat(query).Where(part => part.Length > 0));
            request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (credential is not null)
            {
                request.Headers.Authorization = BasicHeader(credential);
            }
        }

        using var response = await SendOnceAsync(host, request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "token", "access_token" })
            {
                if (document.RootElement.TryGetProperty(name, out var token) && token.ValueKind == JsonValueKind.String)
                {
                    return token.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(string host, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException error)
            {
                throw Messages.RegistryUnreachable.Fail(RegistryHost.Normalize(host), error.Message);
            }
            catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
            {
                throw Messages.RegistryUnreachable.Fail(RegistryHost.Normalize(host), "the request timed out: " + error.Message);
            }
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret)));

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    private static HashSet<string> ErrorCodes(string body)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        codes.Add(code.GetString()!);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return codes;
    }

    private static string FirstErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    {
                        return message.GetString() ?? "";
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body.Substring(0, 200) : body;
    }
}
