using Cog.Build.Diagnostics;

namespace Cog.Cli.Terminal;

/// <summary>
/// How the cog command talks on stderr (spec 40 §0): bare lines, or with icons and colors when stderr is a terminal and
/// nothing (NO_COLOR, COG_NO_COLOR, TERM=dumb, --no-color) turns color off.
/// </summary>
public sealed class ConsoleStyle
{
    private readonly TextWriter _stderr;

    public ConsoleStyle(TextWriter stderr, bool color)
    {
        _stderr = stderr;
        Color = color;
    }

    public bool Color { get; }

    public static bool ColorWanted(bool noColorFlag) =>
        !noColorFlag
        && !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COG_NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public void Info(string text) => Write(text, "⚙", "\u001b[36m");

    public void Success(string text) => Write(text, "✔", "\u001b[32m");

    public void Warning(string text) => Write(text, "⚠", "\u001b[33m");

    public void Error(string text) => Write(text, "✗", "\u001b[31m");

    public void Plain(string text) => _stderr.WriteLine(text);

    public void Report(Diagnostic diagnostic)
    {
        var text = diagnostic.File is null ? $"{(diagnostic.IsError ? "error" : "warning")} {diagnostic.Code}: {diagnostic.Message}" : diagnostic.ToString();
        if (diagnostic.IsError)
        {
            Error(text);
        }
        else
        {
            Warning(text);
        }
    }

    private void Write(string text, string icon, string ansi)
    {
        if (Color)
        {
            _stderr.WriteLine($"{ansi}{icon}\u001b[0m {text}");
        }
        else
        {
            _stderr.WriteLine(text);
        }
    }
}
