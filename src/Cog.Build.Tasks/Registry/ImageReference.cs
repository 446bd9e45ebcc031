using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// An image reference split the way the docker CLI splits it: the first path segment is the registry host when it contains
/// '.' or ':' or is 'localhost'; otherwise the host is docker.io.
/// </summary>
public sealed record ImageReference(string Host, string Repository, string? Tag, string? Digest)
{
    private static readonly Regex RepositoryPattern = new(
        "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant);

    private static readonly Regex TagPattern = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);

    /// <summary>The reference the engine knows the image by (host only when it was written).</summary>
    public string Name => (HostWasImplicit ? Repository : Host + "/" + Repository) + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Repository with the host, without tag or digest: what <c>docker push</c> takes together with a tag.</summary>
    public string FullRepository => HostWasImplicit ? Repository : Host + "/" + Repository;

    public string TagOrLatest => Tag ?? "latest";

    internal bool HostWasImplicit { get; init; }

    /// <summary>The repository path as the registry API names it (Docker Hub puts single names under library/).</summary>
    public string RegistryRepository => Host == RegistryHost.DockerHub && !Repository.Contains('/') ? "library/" + Repository : Repository;

    public static ImageReference Parse(string reference)
    {
        var text = reference?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw Messages.ImageReferenceInvalid.Fail(reference, "it is empty");
        }

        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text.Substring(at + 1);
            text = text.Substring(0, at);
            if (!digest.Contains(':'))
            {
                throw Messages.ImageReferenceInvalid.Fail(reference, "the digest must look like sha256:<hex>");
            }
        }

        var host = RegistryHost.DockerHub;
        var implicitHost = true;
        var firstSlash = text.IndexOf('/');
        if (firstSlash > 0)
        {
            var first = text.Substring(0, firstSlash);
            if (first.Contains('.') || first.Contains(':') || first == "localhost")
            {
                host = first;
                implicitHost = false;
                text = text.Substring(firstSlash + 1);
            }
        }

        string? tag = null;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = text.Substring(colon + 1);
            text = text.Substring(0, colon);
            if (!TagPattern.IsMatch(tag))
            {
                throw Messages.ImageReferenceInvalid.Fail(reference, $"'{tag}' is not a valid tag");
            }
        }

        if (!RepositoryPattern.IsMatch(text))
        {
            throw Messages.ImageReferenceInvalid.Fail(reference, "the repository must be lower-case letters, digits and separators");
        }

        return new ImageReference(host, text, tag, digest) { HostWasImplicit = implicitHost };
    }

    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    /// <summary>This name under each of <paramref name="tags"/> (ContainerImageTags-style), or just this name when there are none.</summary>
    public IReadOnlyList<ImageReference> WithTags(IReadOnlyList<string> tags) =>
        tags.Count == 0 ? [this] : tags.Select(WithTag).ToList();

    public override string ToString() => Name;
}
