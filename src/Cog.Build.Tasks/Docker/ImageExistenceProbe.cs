using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cog.Build.Docker;

/// <summary>
/// The no-op build's one question to the engine — "does this image still exist?" — asked with a single raw HTTP request
/// on the local unix socket. Loading and connecting the full client costs about a second; this costs milliseconds.
/// Answers null whenever it cannot be sure (TCP/TLS hosts, docker contexts, errors), and the caller asks the full client.
/// </summary>
public static class ImageExistenceProbe
{
    private const string DefaultSocket = "/var/run/docker.sock";

    public static bool? Exists(string image, TimeSpan timeout)
    {
        if (LocalSocket() is not { } socketPath || !File.Exists(socketPath))
        {
            return null;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            {
                SendTimeout = (int)timeout.TotalMilliseconds,
                ReceiveTimeout = (int)timeout.TotalMilliseconds,
            };
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.ASCII.GetBytes($"GET /images/{Uri.EscapeDataString(image)}/json HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[64];
            var read = socket.Receive(buffer);
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.0 200", StringComparison.Ordinal) || status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? true
                : status.StartsWith("HTTP/1.0 404", StringComparison.Ordinal) || status.StartsWith("HTTP/1.1 404", StringComparison.Ordinal) ? false
                : null;
        }
        catch (Exception error) when (error is SocketException or IOException or ObjectDisposedException)
        {
            return null;
        }
    }

    // Only the plain local case: DOCKER_HOST unset or unix://, and no docker context selected.
    private static string? LocalSocket()
    {
        var context = Environment.GetEnvironmentVariable("DOCKER_CONTEXT");
        if (!string.IsNullOrEmpty(context) && context != "default")
        {
            return null;
        }

        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host))
        {
            return host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : null;
        }

        return CurrentContextIsDefault() ? DefaultSocket : null;
    }

    private static bool CurrentContextIsDefault()
    {
        var folder = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        var config = Path.Combine(folder, "config.json");
        if (!File.Exists(config))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(config));
            return !document.RootElement.TryGetProperty("currentContext", out var current)
                || current.ValueKind != JsonValueKind.String
                || current.GetString() is null or "" or "default";
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
