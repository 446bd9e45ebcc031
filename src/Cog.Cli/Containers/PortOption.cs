using System.Globalization;
using Cog.Build.Diagnostics;

namespace Cog.Cli.Containers;

/// <summary>
/// A -p value of exec: PORT, HOST:PORT, [v6]:PORT or v6:PORT (split at the last colon). The host defaults to 127.0.0.1,
/// so nothing is published beyond this machine unless asked for.
/// </summary>
public sealed record PortOption(string Host, int Port)
{
    public static PortOption Parse(string value)
    {
        if (value.Length == 0)
        {
            throw Messages.InvalidPort.Fail(value, "value cannot be empty");
        }

        var colon = value.LastIndexOf(':');
        var host = colon < 0 ? "127.0.0.1" : value[..colon].Trim('[', ']');
        var portText = colon < 0 ? value : value[(colon + 1)..];
        if (colon >= 0 && host.Length == 0)
        {
            throw Messages.InvalidPort.Fail(value, "host cannot be empty");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
        {
            throw Messages.InvalidPort.Fail(value, "port must be between 1 and 65535");
        }

        return new PortOption(host, port);
    }

    /// <summary>The docker -p form HOST:PORT:PORT (IPv6 hosts bracketed).</summary>
    public string DockerPublish => $"{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}:{Port}";
}
