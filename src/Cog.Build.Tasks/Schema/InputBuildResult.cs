using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>The outcome of <see cref="PredictionInputs.Build"/>: the <c>input</c> object to send, or what is wrong with it.</summary>
public sealed record InputBuildResult(JsonObject? Input, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Input is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary>Throws the diagnostics as one <see cref="CogException"/> when the inputs are not usable.</summary>
    public JsonObject GetInputOrThrow() => Succeeded ? Input! : throw new CogException(Diagnostics);
}
