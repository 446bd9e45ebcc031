using System.Net.Http;
using Cog.Build.Diagnostics;

namespace Cog.Build.Docker;

public sealed partial class DockerEngine
{
    /// <summary>
    /// Builds an image with <c>POST /build</c>: the context tar is streamed into the request, progress lines are passed to
    /// <paramref name="log"/> as they arrive, and the result lists every step with its cache state. Builds with secrets
    /// go through <c>docker buildx build</c>, the only way to hand secrets to BuildKit.
    /// </summary>
    public async Task<BuildResult> BuildAsync(BuildRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        if (request.DockerfileText is not null)
        {
            await EnsureImagesPresentAsync(request.DockerfileText, cancellationToken).ConfigureAwait(false);
        }

        if (request.Secrets.Count > 0)
        {
            return await BuildxBuilder.BuildAsync(this, request, log, cancellationToken).ConfigureAwait(false);
        }

        var buildKit = request.UseBuildKit ?? BuildKitAvailable;
        var query = new List<KeyValuePair<string, string>>
        {
            new("dockerfile", request.DockerfilePath),
            new("rm", "1"),
            new("forcerm", "1"),
            new("version", buildKit ? "2" : "1"),
        };
        query.AddRange(request.Tags.Select(t => new KeyValuePair<string, string>("t", t)));
        if (request.Target is not null)
        {
            query.Add(new("target", request.Target));
        }

        if (request.NoCache)
        {
            query.Add(new("nocache", "1"));
        }

        if (request.Labels.Count > 0)
        {
            query.Add(new("labels", Json(request.Labels)));
        }

        if (request.BuildArgs.Count > 0)
        {
            query.Add(new("buildargs", Json(request.BuildArgs)));
        }

        var progress = new BuildProgress(log);
        using var message = new HttpRequestMessage(HttpMethod.Post, ApiPath("build?" + Query(query)))
        {
            Content = new DockerHttp.StreamingContent((stream, token) => request.Context.WriteTarAsync(stream, token), cancellationToken),
        };

        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw Messages.EngineRequestFailed.Fail("build the image", ApiErrorMessage(body));
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                progress.HandleLine(line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw Messages.BuildCanceled.Fail(request.Tags.FirstOrDefault() ?? request.DockerfilePath);
        }
        catch (Exception error) when (error is not CogException && IsConnectionFailure(error))
        {
            throw Messages.EngineUnreachable.Fail(Endpoint, Innermost(error));
        }

        progress.Complete();
        if (progress.Error is not null)
        {
            throw BuildFailure(progress.FailedStep, progress.Error);
        }

        var imageId = progress.ImageId;
        if (imageId is null && request.Tags.Count > 0)
        {
            imageId = (await InspectImageAsync(request.Tags[0], cancellationToken).ConfigureAwait(false))?.Id;
        }

        if (imageId is null)
        {
            throw Messages.EngineBuildFailed.Fail("the engine finished without reporting an image id");
        }

        return new BuildResult(imageId, buildKit, progress.Steps);
    }

    internal static CogException BuildFailure(BuildStep? step, string error) =>
        step is null
            ? Messages.EngineBuildFailed.Fail(error)
            : Messages.BuildStepFailed.Fail(step.Name, error, Lines(step.LastOutput));
}
