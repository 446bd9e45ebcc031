using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cog.Build.Images;

/// <summary>
/// <c>cog push</c> end to end: pick the image name, check a Replicate model exists (creating it through the API when the
/// registry says <c>NAME_UNKNOWN</c> and a token is at hand), build, push with the docker CLI's credentials, and report the
/// digest and, for Replicate, the model's latest version and page.
/// </summary>
public sealed class PushPipeline
{
    private readonly IDockerClient? _docker;
    private readonly Func<string, CancellationToken, Task>? _build;
    private readonly HttpClient? _http;

    /// <param name="docker">The engine connection; null is enough for <see cref="PrecheckAsync"/>.</param>
    /// <param name="build">Makes the release image exist under the given name (builds it, or tags what CogBuild built) and logs
    /// what it does; runs after the Replicate check. Null when the image already has the name.</param>
    /// <param name="http">Shared HTTP client for registry and API calls; null to create one.</param>
    public PushPipeline(IDockerClient? docker, Func<string, CancellationToken, Task>? build, HttpClient? http = null)
    {
        _docker = docker;
        _build = build;
        _http = http;
    }

    /// <summary>The image name: the argument, else CogImage, else cog.yaml's image:; COG4001 when none is set.</summary>
    public static ImageReference ResolveImage(PushPipelineRequest request)
    {
        var name = new[] { request.ImageArgument, request.CogImage, request.ConfigImage }.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        return name is null ? throw Messages.PushImageMissing.Fail() : ImageReference.Parse(name);
    }

    /// <summary>Every name the image is pushed under: the resolved name with each of the request's tags (none: the name itself).</summary>
    public static IReadOnlyList<ImageReference> ResolveNames(PushPipelineRequest request) =>
        string.IsNullOrWhiteSpace(request.ImageArgument) ? ResolveImage(request).WithTags(request.Tags) : [ResolveImage(request)];

    /// <summary>The weights image a <c>--separate-weights</c> build makes next to <paramref name="image"/> (named by the build pipeline).</summary>
    public static ImageReference WeightsImage(ImageReference image) => ImageReference.Parse(ImageBuildPipeline.WeightsImageName(image.Name));

    /// <summary>True when <paramref name="image"/> lives on the configured Replicate registry host.</summary>
    public static bool IsReplicate(ImageReference image, PushPipelineRequest request) =>
        RegistryHost.SameHost(image.Host, RegistryHost.ReplicateHost(request.RegistryOption, request.Environment));

    /// <summary>
    /// The checks push makes before building, so a missing model fails in seconds rather than after a long build. Returns
    /// the Replicate model when one was created here.
    /// </summary>
    public async Task<ReplicateModel?> PrecheckAsync(PushPipelineRequest request, Action<string> log, CancellationToken cancellationToken = default)
    {
        var image = ResolveImage(request);
        if (!IsReplicate(image, request))
        {
            return null;
        }

        var visibility = request.Visibility.Trim().ToLowerInvariant();
        if (visibility is not ("public" or "private"))
        {
            throw Messages.ModelVisibilityInvalid.Fail(request.Visibility);
        }

        var (owner, name) = ModelName(image);
        var credential = Credentials(request).Resolve(image.Host);
        using var registry = new RegistryApiClient(_http);
        var state = await registry.GetRepositoryStateAsync(image, credential, cancellationToken).ConfigureAwait(false);
        if (state == RegistryRepositoryState.Exists)
        {
            return null;
        }

        var token = ApiToken(request, credential) ?? throw Messages.ReplicateModelUnknown.Fail(image.FullRepository);
        using var api = new ReplicateApiClient(ReplicateApiClient.HostFromEnvironment(request.Environment), token, _http);
        ReplicateModel? existing;
        try
        {
            // A model created earlier but never pushed is still unknown to the registry; that is fine, push fills it.
            existing = await api.GetModelAsync(owner, name, cancellationToken).ConfigureAwait(false);
        }
        catch (CogException) when (!HasApiTokenVariable(request))
        {
            // The token cog login stored was not accepted by the API: the remedy is REPLICATE_API_TOKEN.
            throw Messages.ReplicateModelUnknown.Fail(image.FullRepository);
        }

        if (existing is not null)
        {
            return null;
        }

        var model = await api.CreateModelAsync(owner, name, visibility, request.Hardware, cancellationToken).ConfigureAwait(false);
        log($"Created {visibility} model {owner}/{name} on Replicate ({request.Hardware}).");
        return model;
    }

    public async Task<PushPipelineResult> RunAsync(PushPipelineRequest request, Action<string> log, CancellationToken cancellationToken = default)
    {
        var names = ResolveNames(request);
        var image = names[0];
        var created = request.Precheck ? await PrecheckAsync(request, log, cancellationToken).ConfigureAwait(false) : null;

        if (_build is not null)
        {
            await _build(image.Name, cancellationToken).ConfigureAwait(false);
        }

        var docker = _docker ?? throw new InvalidOperationException("PushPipeline.RunAsync needs an engine connection.");
        foreach (var other in names.Skip(1))
        {
            await docker.Images.TagImageAsync(image.Name, new ImageTagParameters { RepositoryName = other.FullRepository, Tag = other.TagOrLatest }, cancellationToken)
                .ConfigureAwait(false);
        }

        var credential = Credentials(request).Resolve(image.Host);
        var pusher = new ImagePusher(docker);
        ImagePusherResult? weights = null;
        if (request.SeparateWeights)
        {
            var weightsImage = WeightsImage(image);
            if (await ImageExistsAsync(weightsImage.Name, cancellationToken).ConfigureAwait(false))
            {
                log("");
                log($"Pushing to {weightsImage.Name}...");
                weights = await pusher.PushAsync(weightsImage, credential, log, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The build makes a weights image only when the folder has weight-sized files.
                log($"No weights image {weightsImage.Name}: nothing to push separately.");
            }
        }

        ImagePusherResult? pushed = null;
        foreach (var name in names)
        {
            log("");
            log($"Pushing to {name.Name}...");
            // After the first tag the registry has every layer; a further tag costs little more than its manifest.
            var result = await pusher.PushAsync(name, credential, log, cancellationToken).ConfigureAwait(false);
            pushed ??= result;
        }
        log("");
        log($"  image  {pushed!.DigestReference}");
        if (weights is not null)
        {
            log($"  weights  {weights.DigestReference}");
        }

        ReplicateModel? model = created;
        if (IsReplicate(image, request))
        {
            model = await LatestModelAsync(image, request, credential, created, log, cancellationToken).ConfigureAwait(false);
        }

        return new PushPipelineResult(image, pushed, weights, model, created is not null);
    }

    private async Task<ReplicateModel> LatestModelAsync(
        ImageReference image, PushPipelineRequest request, RegistryCredential? credential, ReplicateModel? created, Action<string> log, CancellationToken cancellationToken)
    {
        var (owner, name) = ModelName(image);
        var model = created ?? new ReplicateModel(owner, name, $"https://replicate.com/{owner}/{name}", null, null);
        var token = ApiToken(request, credential);
        if (token is not null)
        {
            using var api = new ReplicateApiClient(ReplicateApiClient.HostFromEnvironment(request.Environment), token, _http);
            try
            {
                model = await api.GetModelAsync(owner, name, cancellationToken).ConfigureAwait(false) ?? model;
            }
            catch (CogException error)
            {
                // The image is pushed; failing to read the version back is worth a line, not a failed push.
                log(string.Join(Environment.NewLine, error.Diagnostics.Select(d => d.Message)));
            }
        }

        if (model.LatestVersionId is not null)
        {
            log($"Latest version: {model.LatestVersionId}");
        }

        log("");
        log("Run your model on Replicate:");
        log($"    {model.Url}");
        return model;
    }

    private async Task<bool> ImageExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _docker!.Images.InspectImageAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static (string Owner, string Name) ModelName(ImageReference image)
    {
        var parts = image.Repository.Split('/');
        return parts.Length == 2
            ? (parts[0], parts[1])
            : throw Messages.ImageReferenceInvalid.Fail(image.Name, "a Replicate model is named <registry>/<owner>/<model>");
    }

    private static DockerCredentialStore Credentials(PushPipelineRequest request) => new(request.ConfigDirectory, request.Environment);

    private static bool HasApiTokenVariable(PushPipelineRequest request) =>
        !string.IsNullOrWhiteSpace(request.Environment(ReplicateApiClient.TokenVariable));

    // REPLICATE_API_TOKEN first; else the token cog login stored for the Replicate registry (00-decisions: "or the token
    // saved by cog login").
    private static string? ApiToken(PushPipelineRequest request, RegistryCredential? credential)
    {
        if (HasApiTokenVariable(request))
        {
            return request.Environment(ReplicateApiClient.TokenVariable)!.Trim();
        }

        return credential is not null && !credential.IsIdentityToken && !string.IsNullOrEmpty(credential.Secret) ? credential.Secret : null;
    }
}
