using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// <c>cog login</c>. With no username and no REGISTRY other than the Replicate host it runs Replicate's token flow
/// (display-token-url, token, verify-token → username); otherwise the username/password flow, checked against the
/// registry's <c>/v2/</c> challenge before anything is stored. Credentials go where the docker CLI would put them.
/// </summary>
public static class LoginCommand
{
    public static async Task<LoginResult> RunAsync(LoginOptions options, LoginConsole console, CancellationToken cancellationToken = default, HttpClient? http = null)
    {
        var replicateHost = RegistryHost.ReplicateHost(options.RegistryOption, console.Environment);
        var target = string.IsNullOrWhiteSpace(options.Registry) ? replicateHost : options.Registry!.Trim();
        var store = new DockerCredentialStore(options.ConfigDirectory, console.Environment);
        var useTokenFlow = options.Username is null && !options.PasswordStdin && RegistryHost.SameHost(target, replicateHost);
        return useTokenFlow
            ? await ReplicateLoginAsync(target, options, console, store, http, cancellationToken).ConfigureAwait(false)
            : await PasswordLoginAsync(target, options, console, store, http, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LoginResult> ReplicateLoginAsync(
        string host, LoginOptions options, LoginConsole console, DockerCredentialStore store, HttpClient? http, CancellationToken cancellationToken)
    {
        using var client = new ReplicateTokenClient(host, http);
        string? token;
        if (options.TokenStdin)
        {
            token = await console.Input.ReadToEndAsync().ConfigureAwait(false);
        }
        else
        {
            var url = await client.GetDisplayTokenUrlAsync(cancellationToken).ConfigureAwait(false);
            console.Messages.WriteLine("This command will authenticate Docker with Replicate's '" + RegistryHost.Normalize(host) + "' Docker registry. You will need a Replicate account.");
            console.Messages.WriteLine();
            console.Messages.WriteLine("Hit enter to get started. A browser will open with an authentication token that you need to paste here.");
            console.Input.ReadLine();
            console.Messages.WriteLine("If it didn't open automatically, open this URL in a web browser:");
            console.Messages.WriteLine(url);
            console.OpenBrowser?.Invoke(url);
            console.Messages.WriteLine();
            console.Messages.WriteLine("Once you've signed in, copy the authentication token from that web page, paste it here, then hit enter:");
            token = ReadSecret(console, "Token: ");
        }

        token = token?.Trim() ?? "";
        if (token.StartsWith("r8_", StringComparison.Ordinal))
        {
            throw Messages.ReplicateTokenIsApiToken.Fail();
        }

        if (token.Length == 0)
        {
            throw Messages.ReplicateTokenEmpty.Fail();
        }

        var username = await client.VerifyTokenAsync(token, cancellationToken).ConfigureAwait(false);
        var normalized = RegistryHost.Normalize(host);
        var storedIn = store.Save(normalized, username, token);
        console.Messages.WriteLine($"You've successfully authenticated as {username}! You can now use the {normalized} registry.");
        return new LoginResult(normalized, username, storedIn);
    }

    private static async Task<LoginResult> PasswordLoginAsync(
        string host, LoginOptions options, LoginConsole console, DockerCredentialStore store, HttpClient? http, CancellationToken cancellationToken)
    {
        var normalized = RegistryHost.Normalize(host);
        var username = options.Username;
        if (username is null && !options.PasswordStdin)
        {
            console.Prompts.Write("Username: ");
            console.Prompts.Flush();
            username = console.Input.ReadLine();
        }

        username = username?.Trim() ?? "";
        if (username.Length == 0)
        {
            throw Messages.LoginUsernameEmpty.Fail();
        }

        var password = options.PasswordStdin
            ? TrimLineEnd(await console.Input.ReadToEndAsync().ConfigureAwait(false))
            : ReadSecret(console, "Password: ") ?? "";
        if (password.Length == 0)
        {
            throw Messages.LoginPasswordEmpty.Fail(normalized);
        }

        using (var registry = new RegistryApiClient(http))
        {
            await registry.VerifyLoginAsync(host, new RegistryCredential(username, password, normalized), cancellationToken).ConfigureAwait(false);
        }

        var storedIn = store.Save(normalized, username, password);
        console.Messages.WriteLine($"Login succeeded for {normalized}");
        return new LoginResult(normalized, username, storedIn);
    }

    private static string? ReadSecret(LoginConsole console, string prompt)
    {
        if (console.ReadSecret is not null)
        {
            return console.ReadSecret(prompt);
        }

        console.Prompts.Write(prompt);
        console.Prompts.Flush();
        return console.Input.ReadLine();
    }

    // docker login --password-stdin drops the trailing newline that echo and here-strings add, and nothing else.
    private static string TrimLineEnd(string text)
    {
        var trimmed = text.EndsWith("\n", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
        return trimmed.EndsWith("\r", StringComparison.Ordinal) ? trimmed.Substring(0, trimmed.Length - 1) : trimmed;
    }
}
