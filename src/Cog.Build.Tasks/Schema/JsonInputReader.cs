using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>
/// Reads <c>--json</c> inputs (spec 40 §6.3): inline JSON, <c>@file</c>, or <c>-</c>/<c>@-</c> for stdin. Values keep their
/// JSON types; only top-level strings starting with <c>@</c> are replaced by data URLs of those files.
/// </summary>
public static class JsonInputReader
{
    /// <summary>Parses the argument into an object, without reading any <c>@</c> file yet.</summary>
    public static JsonObject Read(string argument, string baseDirectory, Func<TextReader>? stdin = null)
    {
        string text;
        if (argument is "-" or "@-")
        {
            using var reader = stdin?.Invoke() ?? Console.In;
            text = reader.ReadToEnd();
        }
        else if (argument.StartsWith('@'))
        {
            var path = new FileInliner(baseDirectory).ResolvePath(argument[1..]);
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw Messages.JsonFileUnreadable.Fail(argument[1..], e.Message);
            }
        }
        else
        {
            text = argument;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw Messages.JsonParse.Fail(e.Message);
        }

        return node as JsonObject ?? throw Messages.JsonNotObject.Fail(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant());
    }

    /// <summary>Replaces top-level <c>"@path"</c> strings with data URLs; call after unknown names were rejected.</summary>
    public static void InlineFiles(JsonObject inputs, FileInliner files)
    {
        foreach (var name in inputs.Select(p => p.Key).ToList())
        {
            if (inputs[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith('@'))
            {
                inputs[name] = files.Inline(name, text[1..]);
            }
        }
    }
}
