using System.Text;

namespace Cog.Cli.Build;

/// <summary>
/// Escapes a value for <c>-p:Name=value</c>: MSBuild splits on ';' and ',' and treats % $ @ ' ( ) * ? specially, so those
/// (and quotes) become %XX, which MSBuild unescapes back to the original text.
/// </summary>
public static class MSBuildProperties
{
    private const string Special = "%;,$@'()*?\"=\r\n";

    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (Special.Contains(c))
            {
                text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    public static string Argument(string name, string value) => $"-p:{name}={Escape(value)}";
}
