namespace Cog.Build.Schema;

/// <summary>The <c>data:&lt;mime&gt;;base64,&lt;payload&gt;</c> URLs that carry file inputs and outputs over JSON.</summary>
public static class DataUrl
{
    public static string Encode(ReadOnlySpan<byte> bytes, string mime) => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    public static bool IsDataUrl(string text) => text.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes base64 and percent-encoded data URLs; false when the text is not one.</summary>
    public static bool TryDecode(string text, out string mime, out byte[] bytes)
    {
        mime = MimeTypes.OctetStream;
        bytes = [];
        if (!IsDataUrl(text))
        {
            return false;
        }

        var comma = text.IndexOf(',');
        if (comma < 0)
        {
            return false;
        }

        var header = text[5..comma].Split(';');
        var isBase64 = header.Skip(1).Any(p => p.Equals("base64", StringComparison.OrdinalIgnoreCase));
        if (header[0].Length > 0)
        {
            mime = header[0];
        }

        var payload = text[(comma + 1)..];
        try
        {
            bytes = isBase64
                ? Convert.FromBase64String(payload)
                : System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
