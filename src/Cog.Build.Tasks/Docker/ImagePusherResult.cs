namespace Cog.Build.Docker;

/// <summary>The outcome of one push: the reference pushed, the manifest digest the registry now serves, and its size.</summary>
public sealed record ImagePusherResult(string Reference, string Digest, long? Size)
{
    /// <summary><c>repository@sha256:…</c>, the immutable name of what was pushed.</summary>
    public string DigestReference
    {
        get
        {
            var at = Reference.IndexOf('@');
            var withoutDigest = at >= 0 ? Reference.Substring(0, at) : Reference;
            var lastSlash = withoutDigest.LastIndexOf('/');
            var colon = withoutDigest.LastIndexOf(':');
            var repository = colon > lastSlash ? withoutDigest.Substring(0, colon) : withoutDigest;
            return repository + "@" + Digest;
        }
    }
}
