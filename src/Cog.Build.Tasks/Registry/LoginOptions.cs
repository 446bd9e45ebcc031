namespace Cog.Build.Registry;

/// <summary>What <c>cog login</c> was asked to do; the CLI fills it from its flags.</summary>
public sealed record LoginOptions
{
    /// <summary>The positional REGISTRY argument, when given.</summary>
    public string? Registry { get; init; }

    /// <summary>The global <c>--registry</c> flag: the Replicate registry host (else <c>COG_REGISTRY_HOST</c>, else r8.im).</summary>
    public string? RegistryOption { get; init; }

    /// <summary><c>-u/--username</c>; giving it selects the username/password flow.</summary>
    public string? Username { get; init; }

    /// <summary><c>--password-stdin</c>: the password is all of standard input.</summary>
    public bool PasswordStdin { get; init; }

    /// <summary><c>--token-stdin</c>: the Replicate CLI token is all of standard input.</summary>
    public bool TokenStdin { get; init; }

    /// <summary>Where config.json lives; null means <c>DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public string? ConfigDirectory { get; init; }
}
