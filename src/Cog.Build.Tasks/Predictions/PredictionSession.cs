using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Schema;

namespace Cog.Build.Predictions;

/// <summary>
/// One prediction end to end (ARCHITECTURE flow 2): inputs checked → container up → ready → predict → outputs →
/// container gone. The container is removed on every path out: success, failure, setup failure and cancellation.
/// Progress and logs go to stderr; stdout carries only the output.
/// </summary>
public sealed class PredictionSession
{
    private readonly IContainerHost _host;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public PredictionSession(IContainerHost host, TextWriter stdout, TextWriter stderr)
    {
        _host = host;
        _stdout = stdout;
        // Container logs are followed on another thread into the same writer.
        _stderr = TextWriter.Synchronized(stderr);
    }

    /// <summary>
    /// Returns the exit code: 0 on success, 1 for a failed prediction in JSON mode (the response was printed).
    /// Throws <see cref="CogException"/> for every other failure and <see cref="OperationCanceledException"/> on cancel.
    /// </summary>
    public async Task<int> RunAsync(PredictionSessionOptions options, CancellationToken cancellationToken)
    {
        var training = options.Training;
        var jsonMode = options.IsJsonOutput;
        JsonObject? input = null;
        OpenApiSchema? schema = null;
        var schemaJson = options.SchemaJson;
        if (schemaJson is null && _host is IModelSchemaSource source)
        {
            schemaJson = await source.GetSchemaAsync(options.Container, cancellationToken).ConfigureAwait(false);
        }

        if (schemaJson is not null)
        {
            schema = OpenApiSchema.Parse(schemaJson);
            input = PredictionInputs.Build(options.Inputs, schemaJson, training).GetInputOrThrow();
        }

        var outputPath = ResolveOutput(options, jsonMode);

        await _stderr.WriteLineAsync("Starting Docker image and running setup()...").ConfigureAwait(false);
        await using var container = await _host.StartAsync(options.Container, _stderr, cancellationToken).ConfigureAwait(false);
        using var client = new RuntimeClient(container.ServerAddress);
        await client.WaitUntilReadyAsync(options.SetupTimeout, container.IsRunningAsync, _stderr, cancellationToken).ConfigureAwait(false);

        if (schema is null)
        {
            var served = await client.GetOpenApiSchemaAsync(cancellationToken).ConfigureAwait(false);
            schema = OpenApiSchema.Parse(served);
            input = PredictionInputs.Build(options.Inputs, served, training).GetInputOrThrow();
        }

        var outputSchema = schema.GetOutput(training) ?? throw Messages.OpenApiSchemaInvalid.Fail(
            $"missing output definition for /{(training ? "trainings" : "predictions")}");

        await _stderr.WriteLineAsync(training ? "Running training..." : "Running prediction...").ConfigureAwait(false);
        var stream = schema.SupportsStreaming(training);
        var printLive = stream && !jsonMode && !outputPath.Explicit && outputSchema.IsConcatenate;
        var id = "cog" + Guid.NewGuid().ToString("N");
        var predictOptions = new PredictOptions
        {
            Training = training,
            Stream = stream,

            // Not the response's logs: with LOG_FORMAT=console the runtime echoes every log line to its stderr as it is
            // written, and the container's output is already followed into _stderr, so the lines show while the model
            // runs. Printing response.Logs (or SSE log events) as well would show each line twice.
            Logs = null,
            OnOutput = printLive ? (_, chunk) => WriteChunk(chunk) : null,
        };
        var request = PredictionInputs.CreateRequest(input!, options.Context, id);

        PredictionResponse response;
        try
        {
            response = await client.PredictAsync(request, predictOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.CancelAsync(id, training, grace.Token).ConfigureAwait(false);
            throw;
        }

        var writer = new OutputWriter(_stdout, _stderr);
        if (jsonMode)
        {
            await writer.WriteJsonResponseAsync(response, outputSchema, outputPath, cancellationToken).ConfigureAwait(false);
            return response.IsSuccess ? 0 : 1;
        }

        if (!response.IsSuccess)
        {
            throw (training ? Messages.TrainingFailed : Messages.PredictionFailed).Fail(response.Status, response.Error ?? "");
        }

        if (printLive)
        {
            await _stdout.WriteLineAsync().ConfigureAwait(false);
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await writer.WriteOutputAsync(response, outputSchema, outputPath, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static OutputPath ResolveOutput(PredictionSessionOptions options, bool jsonMode)
    {
        if (!options.Training)
        {
            return OutputPath.Resolve(options.Output, jsonMode, options.WorkingDirectory);
        }

        // Train's -o defaults to "weights", so even a non-file output lands in that file (spec 40 §7).
        return OutputPath.Resolve(options.Output ?? "weights", jsonMode, options.WorkingDirectory, "weights");
    }

    private void WriteChunk(string chunkJson)
    {
        var text = JsonNode.Parse(chunkJson) is JsonValue v && v.TryGetValue<string>(out var s) ? s : chunkJson;
        _stdout.Write(text);
        _stdout.Flush();
    }
}
