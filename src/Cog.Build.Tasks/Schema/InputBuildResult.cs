using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>The outcome of <see cref="PredictionInputs.Build"/>: the <c>input</c> object to send, or what is wrong with it.</summary>
public sealed record InputBuildResult(JsonObject? Input, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Input is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary>The <c>POST /predictions</c> body for these inputs; throws the diagnostics when they are not usable.</summary>
    public JsonObject ToRequest(IReadOnlyDictionary<string, string>? context = null, string? id = null) =>
        PredictionInputs.CreateRequest(GetInputOrThrow(), context, id);

    /// <summary>Throws the diagnostics as one <see cref="CogException"/> when the inputs are not usable.</summary>
    public JsonObject GetInputOrThrow() => Succeeded ? Input! : throw new CogException(Diagnostics);
}
