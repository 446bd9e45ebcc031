using Cog.Build.Diagnostics;
using Cog.Build.Registry;
using Cog.Cli.CommandLine;

namespace Cog.Cli.Verbs;

/// <summary><c>cog login [REGISTRY]</c>: Replicate's token flow for r8.im, user/password for any other registry (spec 40 §12).</summary>
public static class LoginVerb
{
    public static readonly FlagSpec TokenStdin = new("--token-stdin", null, null, "Read the Replicate token from stdin.");

    public static readonly FlagSpec Username = new("--username", "-u", "USER", "User name for a registry other than r8.im.");

    public static readonly FlagSpec PasswordStdin = new("--password-stdin", null, null, "Read the password from stdin.");

    public static VerbSpec Spec { get; } = new("login", "Log in to Replicate or another container registry", "cog login [REGISTRY] [flags]")
    {
        Description = "Stores credentials where the docker CLI would (a credential helper, else ~/.docker/config.json).\nWithout REGISTRY it logs in to Replicate (r8.im) with a CLI token.",
        Flags = [TokenStdin, Username, PasswordStdin],
        Examples = ["cog login", "cog login --token-stdin < token.txt", "echo \"$PASSWORD\" | cog login registry.example.com -u me --password-stdin"],
        Handler = RunAsync,
    };

    private static async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> arguments)
    {
        var parsed = ArgumentParser.Parse(Spec, arguments);
        if (parsed.Positionals.Count > 1)
        {
            throw Messages.TooManyArguments.Fail("login", 1, parsed.Positionals.Count, string.Join(" ", parsed.Positionals));
        }

        var options = new LoginOptions
        {
            Registry = parsed.Positionals.FirstOrDefault(),
            RegistryOption = context.Registry,
            Username = parsed.Get(Username.Long),
            PasswordStdin = parsed.IsOn(PasswordStdin.Long),
            TokenStdin = parsed.IsOn(TokenStdin.Long),
        };
        var console = new LoginConsole(Console.In, context.Stdout, context.Stderr)
        {
            ReadSecret = Console.IsInputRedirected ? null : ReadHidden,
        };
        await LoginCommand.RunAsync(options, console, context.Cancellation);
        return 0;
    }

    private static string? ReadHidden(string prompt)
    {
        Console.Out.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Out.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
