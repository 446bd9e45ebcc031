namespace Cog.Build.Config;

/// <summary>A <c>build.run</c> item: a shell command, optionally with build secrets mounted while it runs.</summary>
public sealed record RunCommand(string Command, IReadOnlyList<SecretMount> Mounts)
{
    public RunCommand(string command)
        : this(command, [])
    {
    }
}
