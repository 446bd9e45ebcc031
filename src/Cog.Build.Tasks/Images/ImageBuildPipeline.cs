using System.Security.Cryptography;
using System.Text;
using Cog.Build.Config;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Dockerfile;
using Cog.Build.Registry;

namespace Cog.Build.Images;

/// <summary>
/// The build walk: cog.yaml → resolved build → base image → Dockerfile → context → engine build → schema from the image's
/// own runtime → labels → <c>.cog/openapi_schema.json</c>. Labels known before the build ride on the main build; the schema
/// and pip freeze exist only afterwards, so a second, near-free build (<c>FROM</c> the first image, no context) adds them.
/// </summary>
public sealed class ImageBuildPipeline
{
    public const string DockerfileContextPath = ".cog/Dockerfile";
    public const string SchemaFileName = "openapi_schema.json";

    private readonly DockerEngine _engine;
    private readonly Action<string> _log;

    public ImageBuildPipeline(DockerEngine engine, Action<string>? log = null)
    {
        _engine = engine;
        _log = log ?? (_ => { });
    }

    /// <summary>Renders the Dockerfile(s) a build would use, without building (<c>cog debug</c>). The weights Dockerfile, if any, comes first.</summary>
    public static async Task<string> RenderDockerfileAsync(ImageBuildRequest request, bool buildKit = true, CancellationToken cancellationToken = default)
    {
        var planned = await PlanAsync(request, buildKit, cancellationToken).ConfigureAwait(false);
        return planned.Plan.WeightsDockerfile is { } weights
            ? "# " + planned.Weights!.ImageName + "\n" + weights + "\n# " + planned.ImageName + "\n" + planned.Plan.Dockerfile
            : planned.Plan.Dockerfile;
    }

    public async Task<ImageBuildOutcome> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        var buildKit = request.UseBuildKit ?? _engine.BuildKitAvailable;
        var planned = await PlanAsync(request, buildKit, cancellationToken).ConfigureAwait(false);
        var plan = planned.Plan;
        var warnings = planned.Warnings;

        if (planned.Weights is { Paths.Count: > 0 } weights)
        {
            await BuildWeightsImageAsync(planned.ProjectDirectory, weights, plan.WeightsDockerfile!, buildKit, cancellationToken).ConfigureAwait(false);
        }

        // The model's files go under src/ so the release stage copies them alone, never the generated .cog/ files.
        var context = new BuildContext(planned.ProjectDirectory, WithExclusions(DockerIgnore.Load(planned.ProjectDirectory), plan.ContextExclusions))
            {
                ProjectPrefix = DockerfilePlan.ModelContextPath,
            }
            .AddText(DockerfileContextPath, plan.Dockerfile)
            .AddDirectory(DockerfilePlan.RuntimeContextPath, RuntimePayload.Locate(request.RuntimePath));
        foreach (var file in plan.Files)
        {
            if (file.Text is not null)
            {
                context.AddText(file.ContextPath, file.Text);
            }
            else
            {
                context.AddFileFrom(file.ContextPath, file.SourcePath!);
            }
        }

        var previous = (await _engine.InspectImageAsync(planned.ImageName, cancellationToken).ConfigureAwait(false))?.Id;
        if (request.DevImage)
        {
            var dev = await _engine.BuildAsync(new BuildRequest(context, DockerfileContextPath)
            {
                DockerfileText = plan.Dockerfile,
                Tags = new[] { planned.ImageName },
                Target = DockerfilePlan.DepsTarget,
                NoCache = request.NoCache,
                Secrets = request.Secrets,
                UseBuildKit = buildKit,
            }, _log, cancellationToken).ConfigureAwait(false);
            await ForgetPreviousAsync(previous, dev.ImageId).ConfigureAwait(false);
            return new ImageBuildOutcome(planned.ImageName, dev.ImageId, dev, null, plan.Dockerfile, warnings);
        }

        var labels = new Dictionary<string, string>(request.Labels)
        {
            [ImageLabels.Version] = request.CogVersion,
            [ImageLabels.Config] = plan.ConfigLabelJson,
            [ImageLabels.HasInit] = "true",
        };
        foreach (var (key, value) in ImageLabels.SourceControl(planned.ProjectDirectory))
        {
            labels[key] = value;
        }

        if (planned.CogBaseAttempted is not null)
        {
            labels[ImageLabels.CogBaseImageName] = planned.CogBaseAttempted;
        }

        // The first build gets a private name so a failed schema step never leaves a half-labelled image under the real one.
        var stagingTag = "cog-tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + ":build";
        try
        {
            var main = await _engine.BuildAsync(new BuildRequest(context, DockerfileContextPath)
            {
                DockerfileText = plan.Dockerfile,
                Tags = new[] { stagingTag },
                NoCache = request.NoCache,
                Labels = labels,
                Secrets = request.Secrets,
                UseBuildKit = buildKit,
            }, _log, cancellationToken).ConfigureAwait(false);

            if (await UnchangedAsync(planned.ImageName, main.ImageId, cancellationToken).ConfigureAwait(false) is { } unchanged)
            {
                _log($"{planned.ImageName} is up to date");
                WriteSchemaFile(planned.ProjectDirectory, unchanged.Labels[ImageLabels.OpenApiSchema]);
                return new ImageBuildOutcome(planned.ImageName, unchanged.Id, main, unchanged.Labels[ImageLabels.OpenApiSchema], plan.Dockerfile, warnings);
            }

            _log("Reading the model's schema from the image");
            // Both start a container and wait mostly on Python start-up, so they run side by side.
            var pipFreezeTask = SchemaExtractor.PipFreezeAsync(_engine, stagingTag, cancellationToken);
            string schema;
            try
            {
                schema = await SchemaExtractor.ExtractAsync(_engine, stagingTag, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await Task.WhenAny(pipFreezeTask).ConfigureAwait(false);
                throw;
            }

            var pipFreeze = await pipFreezeTask.ConfigureAwait(false);

            var labelDockerfile = $"FROM {stagingTag}\n";
            var final = await _engine.BuildAsync(new BuildRequest(BuildContext.GeneratedOnly().AddText(DockerfileContextPath, labelDockerfile), DockerfileContextPath)
            {
                Tags = new[] { planned.ImageName },
                Labels = new Dictionary<string, string> { [ImageLabels.OpenApiSchema] = schema, [ImageLabels.PipFreeze] = pipFreeze },
                UseBuildKit = buildKit,
            }, _ => { }, cancellationToken).ConfigureAwait(false);

            WriteSchemaFile(planned.ProjectDirectory, schema);
            await ForgetPreviousAsync(previous, final.ImageId).ConfigureAwait(false);
            return new ImageBuildOutcome(planned.ImageName, final.ImageId, main, schema, plan.Dockerfile, warnings);
        }
        finally
        {
            await _engine.RemoveImageAsync(stagingTag, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The image already under <paramref name="name"/> when it has exactly the staging image's files, start-up and labels
    /// (plus the schema labels): then its schema is what the staging image would print, and nothing needs to run.
    /// </summary>
    private async Task<ImageInfo?> UnchangedAsync(string name, string stagingId, CancellationToken cancellationToken)
    {
        var existing = await _engine.InspectImageAsync(name, cancellationToken).ConfigureAwait(false);
        var staging = await _engine.InspectImageAsync(stagingId, cancellationToken).ConfigureAwait(false);
        if (existing is null || staging is null || !existing.Labels.ContainsKey(ImageLabels.OpenApiSchema) ||
            !existing.Layers.SequenceEqual(staging.Layers) || !existing.Env.SequenceEqual(staging.Env) || existing.Startup != staging.Startup)
        {
            return null;
        }

        var schemaLabels = new[] { ImageLabels.OpenApiSchema, ImageLabels.PipFreeze };
        var sameLabels = staging.Labels.All(l => existing.Labels.TryGetValue(l.Key, out var value) && value == l.Value) &&
                         existing.Labels.Keys.All(k => staging.Labels.ContainsKey(k) || schemaLabels.Contains(k));
        return sameLabels ? existing : null;
    }

    // A rebuild moves the name to the new image; the old one would linger as <none> after every code change.
    private async Task ForgetPreviousAsync(string? previousId, string newId)
    {
        if (previousId is not null && previousId != newId)
        {
            await _engine.RemoveIfUntaggedAsync(previousId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void WriteSchemaFile(string projectDirectory, string schema)
    {
        var folder = Path.Combine(projectDirectory, ".cog");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, SchemaFileName), schema + "\n");
    }

    private async Task BuildWeightsImageAsync(string projectDirectory, WeightsLayout weights, string dockerfile, bool buildKit, CancellationToken cancellationToken)
    {
        var manifest = WeightsManifest(projectDirectory, weights.Paths);
        var existing = await _engine.InspectImageAsync(weights.ImageName, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Labels.TryGetValue(ImageLabels.WeightsManifest, out var label) && label == manifest)
        {
            _log($"Weights image {weights.ImageName} is up to date");
            return;
        }

        // Only the weight files travel: everything is ignored except the listed paths.
        var onlyWeights = new List<DockerIgnorePattern> { DockerIgnorePattern.Parse("**")! };
        foreach (var path in weights.Paths)
        {
            onlyWeights.Add(DockerIgnorePattern.Parse("!" + path)!);
            onlyWeights.Add(DockerIgnorePattern.Parse("!" + path + "/**")!);
        }

        var context = new BuildContext(projectDirectory, new DockerIgnore(onlyWeights)).AddText(".cog/Dockerfile.weights", dockerfile);
        await _engine.BuildAsync(new BuildRequest(context, ".cog/Dockerfile.weights")
        {
            DockerfileText = dockerfile,
            Tags = new[] { weights.ImageName },
            Labels = new Dictionary<string, string> { [ImageLabels.WeightsManifest] = manifest },
            UseBuildKit = buildKit,
        }, _log, cancellationToken).ConfigureAwait(false);
    }

    // Path, size and modification time of every weight file: cheap to compute, changes whenever a weight does.
    private static string WeightsManifest(string projectDirectory, IReadOnlyList<string> paths)
    {
        var text = new StringBuilder();
        foreach (var path in paths.OrderBy(p => p, StringComparer.Ordinal))
        {
            var full = Path.Combine(projectDirectory, path);
            var files = Directory.Exists(full)
                ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                : (IEnumerable<string>)new[] { full };
            foreach (var file in files)
            {
                var info = new FileInfo(file);
                text.Append(Path.GetRelativePath(projectDirectory, file)).Append('\t').Append(info.Length).Append('\t').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    private static DockerIgnore WithExclusions(DockerIgnore user, IReadOnlyList<string> exclusions) =>
        exclusions.Count == 0 ? user : new DockerIgnore(user.Patterns.Concat(exclusions.Select(e => DockerIgnorePattern.Parse(e)!)).ToList());

    private static async Task<PlannedBuild> PlanAsync(ImageBuildRequest request, bool buildKit, CancellationToken cancellationToken)
    {
        var location = CogConfigLocator.Find(request.ProjectDirectory, request.ConfigFile);
        var loaded = CogConfigLoader.Load(location.ConfigPath, location.ProjectDirectory);
        var config = loaded.GetConfigOrThrow();
        var warnings = new List<Diagnostic>(loaded.Warnings);

        var build = BuildResolver.Resolve(config, location.ProjectDirectory).ThrowIfErrors();
        warnings.AddRange(build.Diagnostics.Where(d => !d.IsError));

        var options = request.BaseImage.WithEnvironment(Environment.GetEnvironmentVariable);
        // Without a caller-supplied check, ask the cog-base registry itself; the selector bounds the wait and falls back with one warning.
        using var registry = request.BaseImageAvailability is null ? new RegistryBaseImageAvailability() : null;
        var selection = await BaseImageSelector.SelectAsync(build, options, request.BaseImageAvailability ?? registry, cancellationToken).ConfigureAwait(false);
        if (selection.HasErrors)
        {
            throw new CogException(selection.Diagnostics);
        }

        warnings.AddRange(selection.Diagnostics);
        var imageName = ImageNaming.Choose(config, location.ProjectDirectory, request.ImageName);

        WeightsLayout? weights = null;
        if (request.SeparateWeights)
        {
            var paths = WeightsScanner.Scan(location.ProjectDirectory);
            if (paths.Count > 0)
            {
                weights = new WeightsLayout(WeightsImageName(imageName), paths);
            }
        }

        var plan = DockerfileGenerator.Generate(build, selection.Image, new DockerfileOptions
        {
            Dialect = buildKit ? DockerfileDialect.BuildKit : DockerfileDialect.Classic,
            SeparateWeights = weights,
            CaCertificatePem = CaCertificate.FromEnvironment(Environment.GetEnvironmentVariable),
            ConfigFileName = location.IsNonDefaultName ? Path.GetRelativePath(location.ProjectDirectory, location.ConfigPath).Replace('\\', '/') : null,
        });
        warnings.AddRange(plan.Diagnostics.Where(d => !d.IsError && !warnings.Contains(d)));
        return new PlannedBuild(location.ProjectDirectory, imageName, plan, weights, selection.CogBaseAttempted, warnings);
    }

    /// <summary><c>repo:tag</c> → <c>repo-weights:tag</c>.</summary>
    internal static string WeightsImageName(string imageName)
    {
        var colon = imageName.LastIndexOf(':');
        return colon > imageName.LastIndexOf('/') ? imageName[..colon] + "-weights" + imageName[colon..] : imageName + "-weights";
    }

    private sealed record PlannedBuild(
        string ProjectDirectory, string ImageName, DockerfilePlan Plan, WeightsLayout? Weights, string? CogBaseAttempted, IReadOnlyList<Diagnostic> Warnings);
}
