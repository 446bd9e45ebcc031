using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Predictions;

/// <summary>
/// HTTP client of the model server inside the container (spec 30): health polling until setup is done, predictions and
/// trainings (sync, or SSE so logs stream while the model runs), cancel, schema and shutdown.
/// </summary>
public sealed class RuntimeClient : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;

    public RuntimeClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        BaseAddress = baseAddress;
        // Predictions may run for hours; cancellation comes from the caller's token, never from a client timeout.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri BaseAddress { get; }

    /// <summary>One probe; null when the server is not answering yet (connection refused, timeout, non-200).</summary>
    public async Task<HealthStatus?> GetHealthAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        string body;
        try
        {
            using var response = await _http.GetAsync("health-check", probe.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            body = await response.Content.ReadAsStringAsync(probe.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return HealthStatus.TryParse(body) ?? throw Messages.HealthInvalidResponse.Fail(Shorten(body));
    }

    /// <summary>
    /// Polls <c>/health-check</c> every 100 ms until <c>READY</c> (spec 40 §10). Setup logs are written to
    /// <paramref name="setupLogs"/> as they grow; <paramref name="isContainerRunning"/> lets a dead container fail fast.
    /// </summary>
    public async Task<HealthStatus> WaitUntilReadyAsync(
        TimeSpan setupTimeout,
        Func<CancellationToken, Task<bool>>? isContainerRunning,
        TextWriter? setupLogs,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var printed = 0;
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            if (clock.Elapsed > setupTimeout)
            {
                throw Messages.ModelSetupTimedOut.Fail((int)setupTimeout.TotalSeconds);
            }

            var health = await GetHealthAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (health?.SetupLogs is { } logs && setupLogs is not null && logs.Length > printed)
            {
                // The server only appends to setup logs, so what is new is what lies past the part already printed.
                await setupLogs.WriteAsync(logs[Math.Min(printed, logs.Length)..]).ConfigureAwait(false);
                await setupLogs.FlushAsync(cancellationToken).ConfigureAwait(false);
                printed = logs.Length;
            }

            if (health is null)
            {
                if (isContainerRunning is not null && !await isContainerRunning(cancellationToken).ConfigureAwait(false))
                {
                    throw Messages.ModelContainerExited.Fail("");
                }

                continue;
            }

            switch (health.Status)
            {
                case HealthStatus.Starting:
                    continue;
                case HealthStatus.Ready:
                    return health;
                case HealthStatus.SetupFailed:
                    throw Messages.ModelSetupFailed.Fail(setupLogs is null && health.SetupLogs is { } l ? "\n" + l.TrimEnd() : "");
                case HealthStatus.Defunct:
                    throw Messages.WorkerDefunct.Fail("");
                default:
                    throw Messages.HealthUnexpectedStatus.Fail(health.Status);
            }
        }
    }

    /// <summary>Runs one prediction (or training) to its end and returns the terminal response, whatever its status.</summary>
    public async Task<PredictionResponse> PredictAsync(JsonObject request, PredictOptions options, CancellationToken cancellationToken)
    {
        var collection = options.Training ? "trainings" : "predictions";
        var path = options.Id is null ? collection : $"{collection}/{Uri.EscapeDataString(options.Id)}";
        var method = options.Id is null ? HttpMethod.Post : HttpMethod.Put;
        using var message = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (options.Stream)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        var what = $"{method.Method} /{path}";
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Messages.RuntimeUnreachable.Fail(BaseAddress, e.Message);
        }

        using (response)
        {
            try
            {
                return await ReadPredictionAsync(response, options, what, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The server went away mid-answer: the container died (OOM, crash) or was stopped.
                throw Messages.RuntimeUnreachable.Fail(BaseAddress, e.Message);
            }
        }
    }

    /// <summary>Asks the server to cancel; false when it does not know the id (already finished).</summary>
    public async Task<bool> CancelAsync(string id, bool training, CancellationToken cancellationToken)
    {
        var collection = training ? "trainings" : "predictions";
        try
        {
            using var response = await _http.PostAsync($"{collection}/{Uri.EscapeDataString(id)}/cancel", null, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The schema the running model serves at <c>/openapi.json</c>.</summary>
    public async Task<string> GetOpenApiSchemaAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("openapi.json", cancellationToken).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? body : throw RequestFailed(response.StatusCode, "GET /openapi.json", body);
        }
        catch (HttpRequestException e)
        {
            throw Messages.RuntimeUnreachable.Fail(BaseAddress, e.Message);
        }
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync("shutdown", null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // Already gone is as good as shut down.
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<PredictionResponse> ReadPredictionAsync(HttpResponseMessage response, PredictOptions options, string what, CancellationToken cancellationToken)
    {
        var isStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        if (response.StatusCode is HttpStatusCode.OK && isStream)
        {
            return await ReadStreamAsync(response, options, cancellationToken).ConfigureAwait(false);
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw RequestFailed(response.StatusCode, what, body);
        }

        if (ParseObject(body) is not { } json)
        {
            throw Messages.RuntimeRequestFailed.Fail((int)response.StatusCode, what, "the answer is not a JSON object: " + Shorten(body));
        }

        var result = PredictionResponse.FromJson(json);
        if (options.Logs is not null && result.Logs.Length > 0)
        {
            await options.Logs.WriteAsync(result.Logs).ConfigureAwait(false);
            await options.Logs.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<PredictionResponse> ReadStreamAsync(HttpResponseMessage response, PredictOptions options, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var frame in ServerSentEventReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            var data = ParseObject(frame.Data);
            switch (frame.Event)
            {
                case "log" when (options.Logs is not null) && (data?["data"] is JsonValue text) && text.TryGetValue<string>(out var line):
                    await options.Logs.WriteAsync(line).ConfigureAwait(false);
                    await options.Logs.FlushAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case "output" when (options.OnOutput is not null) && (data is not null):
                    options.OnOutput(data["index"]?.GetValue<int>() ?? 0, data["chunk"]?.ToJsonString() ?? "null");
                    break;
                case "completed" when data is not null:
                    return PredictionResponse.FromJson(data);
                case "error":
                    throw Messages.RuntimeRequestFailed.Fail(200, "the prediction's event stream", data?["error"]?.ToString() ?? frame.Data);
            }
        }

        throw Messages.RuntimeUnreachable.Fail(response.RequestMessage?.RequestUri, "the event stream ended before the prediction completed");
    }

    private static CogException RequestFailed(HttpStatusCode status, string what, string body)
    {
        var json = ParseObject(body);
        if (status == HttpStatusCode.UnprocessableEntity && json?["detail"] is JsonArray details)
        {
            var lines = new StringBuilder();
            foreach (var detail in details.OfType<JsonObject>())
            {
                var field = detail["loc"] is JsonArray loc && loc.Count > 0 ? loc[^1]?.ToString() : "input";
                lines.Append("\n- ").Append(field).Append(": ").Append(detail["msg"]?.ToString());
            }

            return Messages.ServerRejectedInputs.Fail(lines.ToString());
        }

        var reason = json?["error"]?.ToString() ?? (body.Length > 0 ? Shorten(body) : status.ToString());
        return Messages.RuntimeRequestFailed.Fail((int)status, what, reason);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
