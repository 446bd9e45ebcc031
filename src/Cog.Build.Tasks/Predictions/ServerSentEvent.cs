namespace Cog.Build.Predictions;

/// <summary>One <c>event:</c>/<c>data:</c> frame of a <c>text/event-stream</c> response.</summary>
public sealed record ServerSentEvent(string Event, string Data);
