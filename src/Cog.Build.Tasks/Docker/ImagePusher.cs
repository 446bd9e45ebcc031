using System.Net;
using Cog.Build.Diagnostics;
using Cog.Build.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cog.Build.Docker;

/// <summary>
/// Pushes a local image through the Engine API (<c>POST /images/{name}/push</c>). Credentials travel in the
/// <c>X-Registry-Auth</c> header, which Docker.DotNet builds from the <see cref="AuthConfig"/>.
/// </summary>
public sealed class ImagePusher
{
    private readonly IDockerClient _client;

    public ImagePusher(IDockerClient client)
    {
        _client = client;
    }

    public async Task<ImagePusherResult> PushAsync(ImageReference image, RegistryCredential? credential, Action<string> log, CancellationToken cancellationToken = default)
    {
        var name = image.FullRepository + ":" + image.TagOrLatest;
        try
        {
            await _client.Images.InspectImageAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            throw Messages.PushImageNotFound.Fail(name);
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            throw Messages.PushImageNotFound.Fail(name);
        }

        var progress = new ImagePusherProgress(log);
        try
        {
            await _client.Images.PushImageAsync(
                image.FullRepository,
                new ImagePushParameters { Tag = image.TagOrLatest },
                ToAuthConfig(credential, image.Host),
                progress,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException error)
        {
            throw Classify(name, image.Host, ApiMessage(error), credential);
        }

        if (progress.Error is not null)
        {
            throw Classify(name, image.Host, progress.Error, credential);
        }

        if (progress.Digest is null)
        {
            throw Messages.PushNoDigest.Fail(name);
        }

        return new ImagePusherResult(name, progress.Digest, progress.Size);
    }

    internal static AuthConfig ToAuthConfig(RegistryCredential? credential, string host)
    {
        var address = RegistryHost.Normalize(host);
        if (credential is null)
        {
            return new AuthConfig { ServerAddress = address };
        }

        return credential.IsIdentityToken
            ? new AuthConfig { IdentityToken = credential.Secret, ServerAddress = address }
            : new AuthConfig { Username = credential.Username, Password = credential.Secret, ServerAddress = address };
    }

    internal static CogException Classify(string name, string host, string error, RegistryCredential? credential)
    {
        var message = credential is null ? error : error.Replace(credential.Secret, "********");
        var lower = message.ToLowerInvariant();
        var unauthorized = lower.Contains("unauthorized") || lower.Contains("authentication required") || lower.Contains("denied") ||
                           lower.Contains("no basic auth credentials") || lower.Contains("401");
        return unauthorized ? Messages.PushUnauthorized.Fail(name, message, RegistryHost.Normalize(host)) : Messages.PushFailed.Fail(name, message);
    }

    private static string ApiMessage(DockerApiException error)
    {
        var body = error.ResponseBody;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("message", out var message))
                {
                    return message.GetString() ?? body;
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }

            return body.Trim();
        }

        return error.StatusCode.ToString();
    }
}
