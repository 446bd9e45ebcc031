using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace Cog.Build.Docker;

/// <summary>
/// Turns the engine's push stream into a few readable lines per layer (bytes at each quarter, "Pushed", "Layer already
/// exists") and remembers the pushed digest and the first error.
/// </summary>
internal sealed class ImagePusherProgress : IProgress<JSONMessage>
{
    private static readonly Regex DigestLine = new(@"digest: (sha256:[0-9a-f]{64}) size: (\d+)", RegexOptions.CultureInvariant);

    private readonly Action<string> _write;
    private readonly Dictionary<string, int> _reportedQuarter = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public ImagePusherProgress(Action<string> write)
    {
        _write = write;
    }

    public string? Digest { get; private set; }

    public long? Size { get; private set; }

    public string? Error { get; private set; }

    public int LayersPushed { get; private set; }

    public int LayersAlreadyExisting { get; private set; }

    public void Report(JSONMessage value)
    {
        lock (_gate)
        {
            Handle(value);
        }
    }

    private void Handle(JSONMessage message)
    {
        if (message.Error is not null && !string.IsNullOrEmpty(message.Error.Message))
        {
            Error ??= message.Error.Message;
            return;
        }

        ReadAux(message);
        var status = message.Status ?? "";
        if (status.Length == 0)
        {
            return;
        }

        if (string.IsNullOrEmpty(message.ID))
        {
            var match = DigestLine.Match(status);
            if (match.Success)
            {
                Digest ??= match.Groups[1].Value;
                Size ??= long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            _write(status);
            return;
        }

        var layer = message.ID;
        switch (status)
        {
            case "Preparing":
            case "Waiting":
                return;
            case "Pushing":
                ReportBytes(layer, message.Progress);
                return;
            case "Pushed":
                LayersPushed++;
                _write($"{layer}: Pushed");
                return;
            case "Layer already exists":
                LayersAlreadyExisting++;
                _write($"{layer}: Layer already exists");
                return;
            default:
                // "Mounted from …", "<tag>: digest: …" and other one-off states are worth one line each.
                var match = DigestLine.Match(status);
                if (match.Success)
                {
                    Digest ??= match.Groups[1].Value;
                }

                _write($"{layer}: {status}");
                return;
        }
    }

    private void ReportBytes(string layer, JSONProgress? progress)
    {
        if (progress?.Current is not long current)
        {
            return;
        }

        var total = progress.Total ?? 0;
        // Without a total the engine is still counting; one line per layer start is enough then.
        var quarter = total > 0 ? (int)Math.Min(4, current * 4 / total) : 0;
        if (_reportedQuarter.TryGetValue(layer, out var reported) && reported >= quarter)
        {
            return;
        }

        _reportedQuarter[layer] = quarter;
        _write(total > 0 ? $"{layer}: Pushing {FormatBytes(current)}/{FormatBytes(total)}" : $"{layer}: Pushing {FormatBytes(current)}");
    }

    private void ReadAux(JSONMessage message)
    {
        var data = message.Aux?.ExtensionData;
        if (data is null)
        {
            return;
        }

        if (data.TryGetValue("Digest", out var digest) && digest?.ToString() is { Length: > 0 } text)
        {
            Digest = text;
        }

        if (data.TryGetValue("Size", out var size) && long.TryParse(size?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
        {
            Size = bytes;
        }
    }

    internal static string FormatBytes(long bytes)
    {
        string[] units = { "B", "kB", "MB", "GB", "TB" };
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0 ? $"{bytes}B" : value.ToString("0.0", CultureInfo.InvariantCulture) + units[unit];
    }
}
