namespace Cog.Build.Registry;

/// <summary>Who is now logged in where, and where the credential was stored (a helper name or the config file path).</summary>
public sealed record LoginResult(string Host, string Username, string StoredIn);
