namespace Cog.Build.Registry;

/// <summary>
/// The terminal as login sees it. The CLI supplies <see cref="ReadSecret"/> (no echo) and <see cref="OpenBrowser"/>;
/// tests and pipelines leave them null and feed <see cref="Input"/>.
/// </summary>
public sealed class LoginConsole
{
    public LoginConsole(TextReader input, TextWriter prompts, TextWriter messages)
    {
        Input = input;
        Prompts = prompts;
        Messages = messages;
    }

    /// <summary>Standard input: the password/token with the *-stdin flags, else answers to prompts.</summary>
    public TextReader Input { get; }

    /// <summary>Where prompts go (stdout, as with the docker CLI).</summary>
    public TextWriter Prompts { get; }

    /// <summary>Where explanations and the success line go (stderr).</summary>
    public TextWriter Messages { get; }

    /// <summary>Prompts and reads a line without echo; null means "read a plain line from Input".</summary>
    public Func<string, string?>? ReadSecret { get; init; }

    public Action<string>? OpenBrowser { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
