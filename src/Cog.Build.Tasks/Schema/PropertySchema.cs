using System.Text.Json.Nodes;

namespace Cog.Build.Schema;

/// <summary>
/// One JSON-schema node of the model's OpenAPI document with <c>$ref</c> and <c>allOf</c> already inlined, so callers see
/// the concrete type, bounds and choices of an input, an array item or the output.
/// </summary>
public sealed class PropertySchema
{
    private static readonly string[] AllTypes = ["string", "integer", "number", "boolean", "object", "array"];

    public string? Type { get; init; }

    public IReadOnlyList<PropertySchema> AnyOf { get; init; } = [];

    public string? Format { get; init; }

    public PropertySchema? Items { get; init; }

    public IReadOnlyList<JsonNode?>? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public bool Nullable { get; init; }

    public bool IsSecret { get; init; }

    public bool IsIterator { get; init; }

    /// <summary><c>ConcatenateIterator[str]</c> outputs: the chunks are parts of one text.</summary>
    public bool IsConcatenate { get; init; }

    public bool HasDefault { get; init; }

    public JsonNode? Default { get; init; }

    /// <summary>A <c>Path</c>/<c>File</c> value: a string with <c>format: uri</c>.</summary>
    public bool IsFile => Type == "string" && Format == "uri";

    /// <summary>Files, or arrays of files: the outputs written to disk rather than printed.</summary>
    public bool IsFileOrFileArray => IsFile || (Type == "array" && Items is { IsFile: true });

    /// <summary>JSON types this node accepts, unions flattened; no declared type means anything.</summary>
    public IReadOnlyList<string> AcceptedTypes
    {
        get
        {
            if (AnyOf.Count > 0)
            {
                return AnyOf.SelectMany(v => v.AcceptedTypes).Distinct().ToList();
            }

            return Type is null ? AllTypes : [Type];
        }
    }

    public bool Accepts(string jsonType) =>
        AcceptedTypes.Contains(jsonType) || (jsonType == "integer" && AcceptedTypes.Contains("number"));

    /// <summary>The variant describing arrays: this node, or the array member of a union.</summary>
    public PropertySchema? ArrayVariant =>
        Type == "array" ? this : AnyOf.FirstOrDefault(v => v.Type == "array");

    /// <summary>Human name of the accepted types, e.g. <c>integer</c> or <c>string or number</c>.</summary>
    public string Describe()
    {
        if (AnyOf.Count > 0)
        {
            return string.Join(" or ", AnyOf.Select(v => v.Describe()).Distinct());
        }

        return Type switch
        {
            null => "any value",
            "array" when Items is not null => $"array of {Items.Describe()}",
            "string" when Format == "uri" => "file or URL (string)",
            _ => Type,
        };
    }

    internal static PropertySchema FromJson(JsonObject node, JsonObject? components) =>
        Build(Inline(node, components, 0), components);

    private static PropertySchema Build(JsonObject node, JsonObject? components)
    {
        var anyOf = node["anyOf"] is JsonArray variants
            ? variants.OfType<JsonObject>().Select(v => FromJson(v, components)).ToList()
            : [];
        return new PropertySchema
        {
            Type = node["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : null,
            AnyOf = anyOf,
            Format = GetString(node, "format"),
            Items = node["items"] is JsonObject items ? FromJson(items, components) : null,
            Enum = node["enum"] is JsonArray values ? values.Select(v => v?.DeepClone()).ToList() : null,
            Minimum = GetNumber(node, "minimum"),
            Maximum = GetNumber(node, "maximum"),
            MinLength = (int?)GetNumber(node, "minLength"),
            MaxLength = (int?)GetNumber(node, "maxLength"),
            Pattern = GetString(node, "pattern"),
            Nullable = GetBool(node, "nullable"),
            IsSecret = GetBool(node, "x-cog-secret"),
            IsIterator = GetString(node, "x-cog-array-type") == "iterator",
            IsConcatenate = GetString(node, "x-cog-array-display") == "concatenate",
            HasDefault = node.ContainsKey("default"),
            Default = node["default"]?.DeepClone(),
        };
    }

    // Keys written on the node itself win over those pulled in through $ref/allOf (e.g. a property's default over its enum's).
    private static JsonObject Inline(JsonObject node, JsonObject? components, int depth)
    {
        if (depth > 32)
        {
            return new JsonObject();
        }

        var merged = new JsonObject();
        foreach (var (key, value) in node)
        {
            if (key is not "$ref" and not "allOf")
            {
                merged[key] = value?.DeepClone();
            }
        }

        var sources = new List<JsonObject>();
        if (node["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var refText))
        {
            if (Lookup(refText, components) is { } target)
            {
                sources.Add(target);
            }
        }

        if (node["allOf"] is JsonArray all)
        {
            sources.AddRange(all.OfType<JsonObject>());
        }

        foreach (var source in sources)
        {
            foreach (var (key, value) in Inline(source, components, depth + 1))
            {
                if (!merged.ContainsKey(key))
                {
                    merged[key] = value?.DeepClone();
                }
            }
        }

        return merged;
    }

    internal static JsonObject? Lookup(string reference, JsonObject? components)
    {
        const string prefix = "#/components/schemas/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal) || components is null)
        {
            return null;
        }

        return components[reference[prefix.Length..]] as JsonObject;
    }

    private static string? GetString(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool GetBool(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? GetNumber(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
}
