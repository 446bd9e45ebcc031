using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>
/// Read model of the OpenAPI document a model's runtime prints (spec 20 §3): its inputs, output and streaming flag,
/// for predictions or trainings.
/// </summary>
public sealed class OpenApiSchema
{
    private readonly JsonObject _root;
    private readonly JsonObject? _components;

    private OpenApiSchema(JsonObject root)
    {
        _root = root;
        _components = root["components"]?["schemas"] as JsonObject;
    }

    public static OpenApiSchema Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw Messages.OpenApiSchemaInvalid.Fail("the document is not JSON (" + e.Message + ")");
        }

        return node is JsonObject root ? new OpenApiSchema(root) : throw Messages.OpenApiSchemaInvalid.Fail("the document is not a JSON object");
    }

    /// <summary>True when the schema declares an input component with at least one property.</summary>
    public bool HasInputs(bool training) => InputComponent(training)?["properties"] is JsonObject { Count: > 0 };

    public InputSchema GetInputs(bool training)
    {
        var component = InputComponent(training);
        if (component?["properties"] is not JsonObject properties)
        {
            return InputSchema.Empty;
        }

        var required = component["required"] is JsonArray names
            ? names.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        // Merged predict+train documents sort every key, so x-order is what keeps the declaration order.
        var list = properties
            .Where(p => p.Value is JsonObject)
            .Select((p, index) => (Order: XOrder((JsonObject)p.Value!) ?? index, Property: p))
            .OrderBy(p => p.Order)
            .Select(p => new InputProperty(p.Property.Key, PropertySchema.FromJson((JsonObject)p.Property.Value!, _components), required.Contains(p.Property.Key)))
            .ToList();
        return new InputSchema(list);
    }

    /// <summary>
    /// The output schema at <c>paths./predictions.post.responses.200…schema.properties.output</c> (trainings: <c>/trainings</c>),
    /// falling back to the <c>Output</c>/<c>TrainingOutput</c> component; null when neither exists.
    /// </summary>
    public PropertySchema? GetOutput(bool training)
    {
        var response = Operation(training)?["responses"]?["200"]?["content"]?["application/json"]?["schema"] as JsonObject;
        if (response is not null)
        {
            var resolved = response["$ref"] is JsonValue r && r.TryGetValue<string>(out var text)
                ? PropertySchema.Lookup(text, _components)
                : response;
            if (resolved?["properties"]?["output"] is JsonObject output)
            {
                return PropertySchema.FromJson(output, _components);
            }
        }

        var component = _components?[training ? "TrainingOutput" : "Output"] as JsonObject;
        return component is null ? null : PropertySchema.FromJson(component, _components);
    }

    /// <summary>Whether the runner was marked <c>@cog.streaming</c>, i.e. the server answers SSE requests.</summary>
    public bool SupportsStreaming(bool training) =>
        !training && Operation(false)?["x-cog-streaming"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static int? XOrder(JsonObject property) =>
        property["x-order"] is JsonValue v && v.TryGetValue<int>(out var order) ? order : null;

    private JsonObject? Operation(bool training) =>
        _root["paths"]?[training ? "/trainings" : "/predictions"]?["post"] as JsonObject;

    private JsonObject? InputComponent(bool training) =>
        (training ? _components?["TrainingInput"] as JsonObject : null) ?? _components?["Input"] as JsonObject;
}
