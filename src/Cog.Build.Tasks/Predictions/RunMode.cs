namespace Cog.Build.Predictions;

/// <summary>The two meanings of <c>cog run</c> (spec 00 "Naming and verbs").</summary>
public enum RunMode
{
    /// <summary>Run the model once: <c>cog run -i x=1</c>, <c>cog run IMAGE …</c>.</summary>
    Prediction,

    /// <summary>Run a command in the container like <c>cog exec</c>: <c>cog run bash</c>, <c>cog run -- CMD</c>.</summary>
    Command,
}
