using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Schema;

namespace Cog.Build.Predictions;

/// <summary>
/// Delivers a finished prediction to the user (spec 40 §6.5): strings raw and everything else as JSON on stdout, file
/// outputs to disk (<c>output.png</c>, <c>output.0.png</c> …), or the whole response as JSON in <c>--json</c> mode.
/// Only outputs reach stdout; notes such as <c>Written output to:</c> go to stderr.
/// </summary>
public sealed class OutputWriter
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly Func<Uri, CancellationToken, Task<byte[]>> _download;

    public OutputWriter(TextWriter stdout, TextWriter stderr, Func<Uri, CancellationToken, Task<byte[]>>? download = null)
    {
        _stdout = stdout;
        _stderr = stderr;
        _download = download ?? DownloadAsync;
    }

    /// <summary>Writes a succeeded prediction's output. <paramref name="schema"/> is the output schema, when known.</summary>
    public async Task WriteOutputAsync(PredictionResponse response, PropertySchema? schema, OutputPath path, CancellationToken cancellationToken = default)
    {
        var output = response.Output;
        if (output is null)
        {
            await _stderr.WriteLineAsync("No output generated").ConfigureAwait(false);
            return;
        }

        if (IsFileOutput(output, schema))
        {
            await WriteFilesAsync(output, path.Path, replace: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        var text = schema is { IsConcatenate: true } && output is JsonArray parts && parts.All(IsString)
            ? string.Concat(parts.Select(p => p!.GetValue<string>()))
            : output is JsonValue v && v.TryGetValue<string>(out var s) ? s : GoStyleJson.Serialize(output);
        if (path.Explicit)
        {
            await WriteFileAsync(path.Path, System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _stdout.WriteLineAsync(text).ConfigureAwait(false);
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>--json</c> mode: files are saved beside the output path (its extension dropped) and their paths replace the data
    /// URLs; then <c>{status, output, error, metrics?}</c> is printed, or written to <c>-o</c>.
    /// </summary>
    public async Task WriteJsonResponseAsync(PredictionResponse response, PropertySchema? schema, OutputPath path, CancellationToken cancellationToken = default)
    {
        var output = response.Output?.DeepClone();
        if (output is not null && IsFileOutput(output, schema))
        {
            var basePath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path.Path)!, System.IO.Path.GetFileNameWithoutExtension(path.Path));
            output = await WriteFilesAsync(output, basePath, replace: true, cancellationToken).ConfigureAwait(false);
        }

        var body = new JsonObject
        {
            ["status"] = response.Status,
            ["output"] = output,
            ["error"] = response.Error ?? "",
        };
        if (response.Metrics is { Count: > 0 } metrics)
        {
            body["metrics"] = metrics.DeepClone();
        }

        var text = GoStyleJson.Serialize(body, indent: true, sortKeys: false);
        if (path.Explicit)
        {
            if (!path.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                await _stderr.WriteLineAsync($"warning: writing the JSON response to {path.Path}, whose name does not end in .json").ConfigureAwait(false);
            }

            await WriteFileAsync(path.Path, System.Text.Encoding.UTF8.GetBytes(text + "\n"), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _stdout.WriteLineAsync(text).ConfigureAwait(false);
            await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static bool IsFileOutput(JsonNode output, PropertySchema? schema)
    {
        if (schema is not null)
        {
            return schema.IsFileOrFileArray;
        }

        // Without a schema, a data URL is the only sure sign of a file.
        return output switch
        {
            JsonValue v => v.TryGetValue<string>(out var s) && DataUrl.IsDataUrl(s),
            JsonArray a => a.Count > 0 && a.All(e => e is JsonValue ev && ev.TryGetValue<string>(out var es) && DataUrl.IsDataUrl(es)),
            _ => false,
        };
    }

    private async Task<JsonNode?> WriteFilesAsync(JsonNode output, string path, bool replace, CancellationToken cancellationToken)
    {
        if (output is JsonArray items)
        {
            var stem = StemOf(path, out var fixedExtension);
            var written = new JsonArray();
            for (var i = 0; i < items.Count; i++)
            {
                var target = $"{stem}.{i}{fixedExtension}";
                written.Add(await WriteOneFileAsync(items[i], target, fixedExtension.Length == 0, cancellationToken).ConfigureAwait(false));
            }

            return written;
        }

        var single = StemOf(path, out var extension);
        return await WriteOneFileAsync(output, single + extension, extension.Length == 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode?> WriteOneFileAsync(JsonNode? item, string path, bool addExtension, CancellationToken cancellationToken)
    {
        if (item is not JsonValue v || !v.TryGetValue<string>(out var value))
        {
            throw Messages.OutputDataUrlInvalid.Fail(item?.ToJsonString() ?? "null");
        }

        string mime;
        byte[] bytes;
        if (DataUrl.IsDataUrl(value))
        {
            if (!DataUrl.TryDecode(value, out mime, out bytes))
            {
                throw Messages.OutputDataUrlInvalid.Fail(value.Length > 60 ? value[..60] + "…" : value);
            }
        }
        else if (Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            bytes = await _download(url, cancellationToken).ConfigureAwait(false);
            mime = MimeTypes.FromPath(url.AbsolutePath);
        }
        else
        {
            throw Messages.OutputDataUrlInvalid.Fail(value.Length > 60 ? value[..60] + "…" : value);
        }

        var target = addExtension ? path + MimeTypes.ExtensionFor(mime) : path;
        await WriteFileAsync(target, bytes, cancellationToken).ConfigureAwait(false);
        return JsonValue.Create(target);
    }

    // "output" and "output.3" have no real extension; "out.png" keeps ".png" for every element.
    private static string StemOf(string path, out string extension)
    {
        extension = System.IO.Path.GetExtension(path);
        if (extension.Length <= 1 || extension[1..].All(char.IsAsciiDigit))
        {
            extension = "";
            return path;
        }

        return path[..^extension.Length];
    }

    private async Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Messages.OutputNotWritten.Fail(path, e.Message);
        }

        await _stderr.WriteLineAsync($"Written output to: {path}").ConfigureAwait(false);
    }

    private static async Task<byte[]> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false);
    }
}
