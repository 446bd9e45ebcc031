using System.Text;
using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// Reads the <c>COG_CA_CERT</c> value: a PEM file, a folder of .crt/.pem files, inline PEM text, or base64 of PEM.
/// Returns the PEM bundle the image should trust.
/// </summary>
public static class CaCertificate
{
    public const string ContextPath = ".cog/ca-cert.crt";

    private const string Begin = "-----BEGIN CERTIFICATE-----";

    /// <summary>The PEM bundle named by <c>COG_CA_CERT</c>, or null when the variable is unset.</summary>
    public static string? FromEnvironment(Func<string, string?> getVariable) =>
        getVariable("COG_CA_CERT") is { Length: > 0 } value && value.Trim().Length > 0 ? Load(value) : null;

    public static string Load(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Contains(Begin, StringComparison.Ordinal))
        {
            return Normalize(trimmed, "the COG_CA_CERT text");
        }

        if (Directory.Exists(trimmed))
        {
            var files = Directory.EnumerateFiles(trimmed)
                .Where(f => f.EndsWith(".crt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw Messages.CaCertificateInvalid.Fail(trimmed, "the folder holds no .crt or .pem files");
            }

            return string.Concat(files.Select(f => Normalize(File.ReadAllText(f), f)));
        }

        if (File.Exists(trimmed))
        {
            return Normalize(File.ReadAllText(trimmed), trimmed);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(trimmed));
            if (decoded.Contains(Begin, StringComparison.Ordinal))
            {
                return Normalize(decoded, "the base64 COG_CA_CERT value");
            }
        }
        catch (FormatException)
        {
            // Not base64 either; reported below.
        }

        throw Messages.CaCertificateInvalid.Fail(trimmed.Length > 60 ? trimmed[..60] + "…" : trimmed, "it is not a file, a folder, PEM text or base64 PEM");
    }

    private static string Normalize(string pem, string source)
    {
        if (!pem.Contains(Begin, StringComparison.Ordinal))
        {
            throw Messages.CaCertificateInvalid.Fail(source, "no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }

        return pem.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
    }
}
