using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-&lt;name&gt; get|store|erase</c>) with the protocol the docker CLI uses:
/// the server URL or a JSON credential on stdin, JSON on stdout.
/// </summary>
public sealed class CredentialHelper
{
    private const string NotFoundMessage = "credentials not found in native keychain";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Func<string, string?> _environment;

    public CredentialHelper(string name, string configPath, Func<string, string?>? environment = null)
    {
        Name = name;
        ConfigPath = configPath;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public string Name { get; }

    public string ConfigPath { get; }

    public string ExecutableName => "docker-credential-" + Name;

    /// <summary>The stored credential for <paramref name="serverUrl"/>, or null when the helper has none.</summary>
    public RegistryCredential? Get(string serverUrl)
    {
        var result = Run("get", serverUrl, secret: null);
        if (result.ExitCode != 0)
        {
            var message = (result.StandardOutput + result.StandardError).Trim();
            if (message.Contains(NotFoundMessage, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw Messages.CredentialHelperFailed.Fail(Name, "read", serverUrl, OneLine(message, null));
        }

        HelperCredential? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<HelperCredential>(result.StandardOutput);
        }
        catch (JsonException)
        {
            // The output may hold the secret, so it is never quoted back.
            throw Messages.CredentialHelperFailed.Fail(Name, "read", serverUrl, "its output is not the expected JSON");
        }

        if (parsed is null || string.IsNullOrEmpty(parsed.Secret))
        {
            return null;
        }

        return new RegistryCredential(parsed.Username ?? "", parsed.Secret!, string.IsNullOrEmpty(parsed.ServerUrl) ? serverUrl : parsed.ServerUrl!);
    }

    public void Store(RegistryCredential credential)
    {
        var payload = JsonSerializer.Serialize(new HelperCredential
        {
            ServerUrl = credential.ServerAddress,
            Username = credential.Username,
            Secret = credential.Secret,
        });
        var result = Run("store", payload, credential.Secret);
        if (result.ExitCode != 0)
        {
            throw Messages.CredentialHelperFailed.Fail(Name, "store", credential.ServerAddress, OneLine(result.StandardOutput + result.StandardError, credential.Secret));
        }
    }

    public void Erase(string serverUrl)
    {
        var result = Run("erase", serverUrl, secret: null);
        if (result.ExitCode != 0)
        {
            throw Messages.CredentialHelperFailed.Fail(Name, "erase", serverUrl, OneLine(result.StandardOutput + result.StandardError, null));
        }
    }

    internal string? FindExecutable()
    {
        var path = _environment("PATH") ?? "";
        var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        var candidates = windows ? new[] { ExecutableName + ".exe", ExecutableName + ".cmd", ExecutableName + ".bat", ExecutableName } : new[] { ExecutableName };
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in candidates)
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    private (int ExitCode, string StandardOutput, string StandardError) Run(string verb, string input, string? secret)
    {
        var executable = FindExecutable() ?? throw Messages.CredentialHelperMissing.Fail(Name, ConfigPath);
        var start = new ProcessStartInfo(executable, verb)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.Environment["PATH"] = _environment("PATH") ?? "";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw Messages.CredentialHelperMissing.Fail(Name, ConfigPath);
        }
        catch (Win32Exception error)
        {
            throw Messages.CredentialHelperFailed.Fail(Name, verb, "", error.Message);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper may exit before reading stdin; its exit code and stderr tell what happened.
            }

            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                throw Messages.CredentialHelperFailed.Fail(Name, verb, "", $"it did not finish within {Timeout.TotalSeconds:0} seconds");
            }

            return (process.ExitCode, output.GetAwaiter().GetResult(), Redact(errors.GetAwaiter().GetResult(), secret));
        }
    }

    private static string OneLine(string text, string? secret)
    {
        var line = Redact(text, secret).Trim().Replace('\n', ' ').Replace("\r", "");
        return line.Length == 0 ? "it exited with an error and no message" : line;
    }

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "********");

    private sealed class HelperCredential
    {
        [JsonPropertyName("ServerURL")]
        public string? ServerUrl { get; set; }

        [JsonPropertyName("Username")]
        public string? Username { get; set; }

        [JsonPropertyName("Secret")]
        public string? Secret { get; set; }
    }
}
