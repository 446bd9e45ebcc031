namespace Cog.Build.Predictions;

/// <summary>How one prediction call talks to the server.</summary>
public sealed record PredictOptions
{
    /// <summary>Post to <c>/trainings</c> instead of <c>/predictions</c>.</summary>
    public bool Training { get; init; }

    /// <summary>Ask for <c>text/event-stream</c> so logs arrive while the model runs (only for <c>@cog.streaming</c> runners).</summary>
    public bool Stream { get; init; }

    /// <summary>Where prediction logs go (the CLI's stderr); null drops them.</summary>
    public TextWriter? Logs { get; init; }

    /// <summary>With an id the call is an idempotent <c>PUT /predictions/{id}</c>; without, a <c>POST</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Called for each streamed output chunk (SSE only) with its index and compact JSON.</summary>
    public Action<int, string>? OnOutput { get; init; }
}
