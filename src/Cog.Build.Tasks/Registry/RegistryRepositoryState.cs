namespace Cog.Build.Registry;

/// <summary>What the registry says about a repository before a push.</summary>
public enum RegistryRepositoryState
{
    Exists,

    /// <summary>The registry answered <c>NAME_UNKNOWN</c>: no such repository (for Replicate, no such model).</summary>
    NameUnknown,
}
