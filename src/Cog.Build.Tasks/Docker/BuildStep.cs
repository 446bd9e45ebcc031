namespace Cog.Build.Docker;

/// <summary>
/// One step the engine reported, e.g. <c>[deps 3/7] RUN apt-get …</c>, whether its result came from the cache,
/// its error if it failed, and the last lines it printed.
/// </summary>
public sealed record BuildStep(int Number, string Name, bool Cached, string? Error, IReadOnlyList<string> LastOutput)
{
    /// <summary>True for steps of the Dockerfile (<c>[2/5] RUN …</c>) as opposed to the engine's own housekeeping.</summary>
    public bool IsDockerfileStep => Name.StartsWith('[') && !Name.StartsWith("[internal]", StringComparison.Ordinal);

    /// <summary>The instruction without the <c>[stage n/m]</c> prefix, e.g. <c>COPY . /src</c>.</summary>
    public string Instruction
    {
        get
        {
            var end = Name.IndexOf("] ", StringComparison.Ordinal);
            return Name.StartsWith('[') && end > 0 ? Name[(end + 2)..] : Name;
        }
    }
}
