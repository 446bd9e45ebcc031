namespace Cog.Build.Registry;

/// <summary>A manifest as fetched from a registry: its media type, raw bytes and the digest the registry reported.</summary>
public sealed record RegistryManifest(string MediaType, byte[] Content, string? Digest);
