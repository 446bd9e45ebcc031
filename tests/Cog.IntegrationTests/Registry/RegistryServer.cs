using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Cog.Build.Tasks.Tests.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>
/// Debian's registry (the <c>docker-registry</c> binary) on 127.0.0.1 and a free port, storing into a temp folder, with
/// htpasswd (bcrypt) auth when a user is given. Started and stopped by the tests; never a system service.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private RegistryServer(Process process, string root, int port, string? username, string? password)
    {
        _process = process;
        _root = root;
        Port = port;
        Username = username;
        Password = password;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public string? Username { get; }

    public string? Password { get; }

    public static RegistryServer Start(string? username = null, string? password = null)
    {
        EnsureTools();
        var root = Path.Combine(Path.GetTempPath(), "cogtest-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var port = LoopbackHttpServer.FreePort();
        var auth = "";
        if (username is not null)
        {
            var htpasswd = Run("htpasswd", $"-Bbn {username} {password}");
            File.WriteAllText(Path.Combine(root, "htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: cogtest-registry\n    path: {Path.Combine(root, "htpasswd")}\n";
        }

        var config = Path.Combine(root, "config.yml");
        File.WriteAllText(config,
            "version: 0.1\n" +
            "log:\n  level: warn\n  accesslog:\n    disabled: true\n" +
            $"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(root, "data")}\n  delete:\n    enabled: true\n" +
            $"http:\n  addr: 127.0.0.1:{port}\n" +
            auth);

        var start = new ProcessStartInfo("docker-registry", $"serve {config}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RegistryServer(process, root, port, username, password);
        server.WaitUntilListening();
        return server;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WaitUntilListening()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} before listening on {Host}.");
            }

            try
            {
                var status = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult().StatusCode;
                if (status is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"docker-registry did not answer on {Host} within 30 seconds.");
    }

    private static void EnsureTools()
    {
        if (OnPath("docker-registry") && OnPath("htpasswd"))
        {
            return;
        }

        var script = Path.Combine(RepositoryRoot(), "eng", "setup-registry-tools.sh");
        Run("bash", script);
        if (!OnPath("docker-registry") || !OnPath("htpasswd"))
        {
            throw new InvalidOperationException("docker-registry and htpasswd are needed; run eng/setup-registry-tools.sh as root.");
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(directory => File.Exists(Path.Combine(directory, name)));

    // Builds may use --artifacts-path outside the checkout, so the source location is the fallback.
    private static string RepositoryRoot([CallerFilePath] string source = "")
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source) ?? ".", "..", "..", ".."));
        if (File.Exists(Path.Combine(fromSource, "Cog.sln")))
        {
            return fromSource;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cog.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cog.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {errors}");
        }

        return output;
    }
}
