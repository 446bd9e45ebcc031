using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Cog.Build.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Version = System.Version;

namespace Cog.Build.Docker;

/// <summary>
/// The one door to the Docker engine. Connects the way the docker CLI does (DOCKER_HOST, then the docker context from
/// DOCKER_CONTEXT or ~/.docker/config.json, then the default socket; TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH),
/// negotiates the API version with the engine, and offers image inspection, builds and containers.
/// </summary>
public sealed partial class DockerEngine : IDisposable
{
    /// <summary>Docker 20.10: the oldest engine Cog supports.</summary>
    public static readonly Version MinimumApiVersion = new(1, 41);

    /// <summary>The newest API this code was written against; newer engines are asked to speak this one.</summary>
    public static readonly Version MaximumApiVersion = new(1, 45);

    private readonly HttpClient _http;

    private DockerEngine(DockerClient client, HttpClient http, Uri endpoint, string serverVersion, Version apiVersion, bool buildKit)
    {
        Client = client;
        _http = http;
        Endpoint = endpoint;
        ServerVersion = serverVersion;
        ApiVersion = apiVersion;
        BuildKitAvailable = buildKit;
    }

    /// <summary>The Docker.DotNet client, for callers (push) that use the library's models directly.</summary>
    public IDockerClient Client { get; }

    public Uri Endpoint { get; }

    public string ServerVersion { get; }

    public Version ApiVersion { get; }

    /// <summary>Whether builds go through BuildKit (<c>version=2</c>); <c>DOCKER_BUILDKIT=0|1</c> overrides what the engine reports.</summary>
    public bool BuildKitAvailable { get; }

    public static Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken = default) => ConnectAsync(null, cancellationToken);

    /// <summary>Connects to <paramref name="endpoint"/> (<c>unix:///…</c>, <c>tcp://host:port</c>), or, when null, where the docker CLI would.</summary>
    public static async Task<DockerEngine> ConnectAsync(Uri? endpoint, CancellationToken cancellationToken = default)
    {
        var tls = DockerTlsSettings.FromEnvironment();
        // A fresh DockerConfig per connection: MSBuild reuses nodes, and `docker context use` may have changed since the last build.
        var dockerConfig = new DockerConfig();
        DockerClientBuilder Builder()
        {
            var builder = new DockerClientBuilder(dockerConfig);
            if (endpoint is not null)
            {
                builder = builder.WithEndpoint(endpoint);
            }

            return tls is null ? builder : builder.WithAuthProvider(tls);
        }

        Uri resolved;
        VersionResponse version;
        using (var probe = Builder().WithTimeout(TimeSpan.FromSeconds(15)).Build())
        {
            resolved = probe.Options.Endpoint;
            try
            {
                // Unversioned, so any engine answers and tells us which API it speaks.
                version = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsConnectionFailure(error))
            {
                throw Messages.EngineUnreachable.Fail(resolved, Innermost(error));
            }
        }

        var serverApi = Version.Parse(version.APIVersion);
        if (serverApi < MinimumApiVersion)
        {
            throw Messages.EngineTooOld.Fail(resolved, version.APIVersion);
        }

        var apiVersion = serverApi > MaximumApiVersion ? MaximumApiVersion : serverApi;
        var client = Builder().WithApiVersion(apiVersion).Build();
        var http = DockerHttp.Create(resolved, tls);
        var buildKit = BuildKitWanted(version);
        return new DockerEngine(client, http, resolved, version.Version, apiVersion, buildKit);
    }

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }

    /// <summary>Returns the image, or null when the engine does not have it.</summary>
    public async Task<ImageInfo?> InspectImageAsync(string reference, CancellationToken cancellationToken = default)
    {
        try
        {
            var image = await Client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
            return new ImageInfo(
                image.ID,
                image.RepoTags?.ToArray() ?? Array.Empty<string>(),
                image.Config?.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>(),
                image.Config?.Env?.ToArray() ?? Array.Empty<string>(),
                image.Size)
            {
                Layers = image.RootFS?.Layers?.ToArray() ?? Array.Empty<string>(),
                Startup = string.Join("\u0000", image.Config?.Entrypoint ?? new List<string>()) + "\u0001" +
                          string.Join("\u0000", image.Config?.Cmd ?? new List<string>()) + "\u0001" + image.Config?.WorkingDir,
            };
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ImageExistsAsync(string reference, CancellationToken cancellationToken = default) =>
        await InspectImageAsync(reference, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Removes an image reference (and the image if nothing else uses it). Missing images are fine.</summary>
    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken = default)
    {
        try
        {
            await Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// Removes an image that a rebuild left without any name (what <c>docker build</c> leaves behind as <c>&lt;none&gt;</c>),
    /// unless it still has tags or a container uses it.
    /// </summary>
    public async Task RemoveIfUntaggedAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var image = await InspectImageAsync(imageId, cancellationToken).ConfigureAwait(false);
        if (image is null || image.Tags.Count > 0)
        {
            return;
        }

        try
        {
            await Client.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException error) when (error.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Still used by a container (or already gone): leave it.
        }
    }

    public async Task TagImageAsync(string image, string reference, CancellationToken cancellationToken = default)
    {
        var colon = reference.LastIndexOf(':');
        var hasTag = colon > reference.LastIndexOf('/');
        await Client.Images.TagImageAsync(image, new ImageTagParameters
        {
            RepositoryName = hasTag ? reference[..colon] : reference,
            Tag = hasTag ? reference[(colon + 1)..] : "latest",
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fails with COG3003 naming the first image the Dockerfile needs that the engine does not have.</summary>
    public async Task EnsureImagesPresentAsync(string dockerfile, CancellationToken cancellationToken = default)
    {
        foreach (var reference in DockerfileImageReferences.Find(dockerfile))
        {
            if (!await ImageExistsAsync(reference, cancellationToken).ConfigureAwait(false))
            {
                throw Messages.BaseImageMissing.Fail(reference);
            }
        }
    }

    // BuildKit answers POST /build?version=2 on every Linux engine of API 1.39+, even where /_ping still names the
    // classic builder as the default (Docker 20.10 without "features": {"buildkit": true}).
    private static bool BuildKitWanted(VersionResponse version)
    {
        var forced = Environment.GetEnvironmentVariable("DOCKER_BUILDKIT");
        if (!string.IsNullOrEmpty(forced))
        {
            return forced != "0" && !forced.Equals("false", StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(version.Os, "linux", StringComparison.OrdinalIgnoreCase);
    }

    internal static bool IsConnectionFailure(Exception error) =>
        error is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException
        || (error.InnerException is not null && IsConnectionFailure(error.InnerException));

    internal static string Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error.Message;
    }

    private string ApiPath(string path) => "v" + ApiVersion.ToString(2) + "/" + path;

    private static string ApiErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }

    private static string Query(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Json(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    private static string Lines(IReadOnlyList<string> lines) =>
        lines.Count == 0 ? " " : Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "    " + l)) + Environment.NewLine;
}
