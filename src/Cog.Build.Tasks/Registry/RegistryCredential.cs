namespace Cog.Build.Registry;

/// <summary>
/// A username and secret (password or token) for one registry host. The secret never leaves through
/// <see cref="ToString"/>, so logging or formatting a credential cannot leak it.
/// </summary>
public sealed class RegistryCredential
{
    // Docker credential helpers return this username when the secret is an identity (refresh) token.
    internal const string IdentityTokenUsername = "<token>";

    public RegistryCredential(string username, string secret, string serverAddress)
    {
        Username = username;
        Secret = secret;
        ServerAddress = serverAddress;
    }

    public string Username { get; }

    public string Secret { get; }

    public string ServerAddress { get; }

    public bool IsIdentityToken => Username == IdentityTokenUsername;

    public override string ToString() => $"{Username}@{ServerAddress} (secret hidden)";
}
