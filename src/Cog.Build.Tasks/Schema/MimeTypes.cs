namespace Cog.Build.Schema;

/// <summary>MIME types by file extension, both ways: for inlining file inputs and for naming file outputs.</summary>
public static class MimeTypes
{
    public const string OctetStream = "application/octet-stream";

    private static readonly (string Extension, string Mime)[] Table =
    [
        (".jpg", "image/jpeg"), (".jpeg", "image/jpeg"), (".png", "image/png"), (".gif", "image/gif"),
        (".webp", "image/webp"), (".bmp", "image/bmp"), (".svg", "image/svg+xml"), (".tif", "image/tiff"),
        (".tiff", "image/tiff"), (".ico", "image/x-icon"), (".heic", "image/heic"),
        (".txt", "text/plain"), (".csv", "text/csv"), (".html", "text/html"), (".htm", "text/html"), (".md", "text/markdown"),
        (".css", "text/css"), (".xml", "application/xml"), (".json", "application/json"), (".js", "text/javascript"),
        (".pdf", "application/pdf"), (".zip", "application/zip"), (".tar", "application/x-tar"), (".gz", "application/gzip"),
        (".mp3", "audio/mpeg"), (".wav", "audio/wav"), (".ogg", "audio/ogg"), (".flac", "audio/flac"), (".m4a", "audio/mp4"),
        (".aac", "audio/aac"), (".mp4", "video/mp4"), (".webm", "video/webm"), (".mov", "video/quicktime"),
        (".avi", "video/x-msvideo"), (".mkv", "video/x-matroska"),
        (".npy", "application/octet-stream"), (".bin", "application/octet-stream"),
    ];

    // Names that several extensions share, or that Python's mimetypes spells differently, mapped to one extension.
    private static readonly Dictionary<string, string> PreferredExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = ".jpg",
        ["image/jpg"] = ".jpg",
        ["text/html"] = ".html",
        ["image/tiff"] = ".tif",
        ["audio/x-wav"] = ".wav",
        ["audio/wave"] = ".wav",
        ["audio/mp3"] = ".mp3",
        ["application/x-gzip"] = ".gz",
        ["application/octet-stream"] = ".bin",
    };

    public static string FromPath(string path)
    {
        var extension = Path.GetExtension(path);
        foreach (var (ext, mime) in Table)
        {
            if (string.Equals(ext, extension, StringComparison.OrdinalIgnoreCase))
            {
                return mime;
            }
        }

        return OctetStream;
    }

    /// <summary>The extension (with dot) for a MIME type; unknown types get one derived from the subtype, else <c>.bin</c>.</summary>
    public static string ExtensionFor(string mime)
    {
        var bare = mime.Split(';')[0].Trim();
        if (PreferredExtension.TryGetValue(bare, out var preferred))
        {
            return preferred;
        }

        foreach (var (ext, m) in Table)
        {
            if (string.Equals(m, bare, StringComparison.OrdinalIgnoreCase))
            {
                return ext;
            }
        }

        var slash = bare.IndexOf('/');
        var subtype = slash >= 0 ? bare[(slash + 1)..] : "";
        subtype = subtype.StartsWith("x-", StringComparison.Ordinal) ? subtype[2..] : subtype;
        return subtype.Length > 0 && subtype.Length <= 8 && subtype.All(char.IsLetterOrDigit) ? "." + subtype.ToLowerInvariant() : ".bin";
    }
}
