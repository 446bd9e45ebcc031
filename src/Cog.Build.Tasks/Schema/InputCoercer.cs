using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cog.Build.Schema;

/// <summary>
/// Turns <c>-i</c> text into typed JSON using the input's schema (spec 40 §6.2). Unlike upstream, numbers go through
/// int64/double instead of int32/float32, so large or precise values reach the model unchanged (spec 40 §14.10).
/// A value that cannot be coerced stays a string and is reported by validation.
/// </summary>
public static class InputCoercer
{
    public static JsonNode? Coerce(InputArgument argument, PropertySchema? schema, FileInliner files)
    {
        if (argument.Values.Count == 1)
        {
            return CoerceSingle(argument.Name, argument.Values[0], schema, files);
        }

        var items = schema?.ArrayVariant?.Items;
        var array = new JsonArray();
        foreach (var value in argument.Values)
        {
            array.Add(value.StartsWith('@') ? files.Inline(argument.Name, value[1..]) : CoerceScalar(value, items));
        }

        return array;
    }

    private static JsonNode? CoerceSingle(string name, string value, PropertySchema? schema, FileInliner files)
    {
        if (value.StartsWith('@'))
        {
            var url = files.Inline(name, value[1..]);
            return schema?.ArrayVariant is not null && !schema.Accepts("string") ? new JsonArray(url) : JsonValue.Create(url);
        }

        if (schema is null)
        {
            return JsonValue.Create(value);
        }

        if (schema.Type == "object")
        {
            return TryParseJson(value) is JsonObject obj ? obj : JsonValue.Create(value);
        }

        if (schema.ArrayVariant is { } arrayVariant)
        {
            if (TryParseJson(value) is JsonArray literal)
            {
                return literal;
            }

            var asString = JsonValue.Create(value);
            if (schema.Accepts("string") && InputValidator.Check("_", asString, schema).Count == 0)
            {
                return asString;
            }

            return new JsonArray(CoerceScalar(value, arrayVariant.Items));
        }

        return CoerceScalar(value, schema);
    }

    private static JsonNode? CoerceScalar(string value, PropertySchema? schema)
    {
        if (schema is null)
        {
            return JsonValue.Create(value);
        }

        var candidate = ScalarCandidate(value, schema);
        if (candidate is null)
        {
            return JsonValue.Create(value);
        }

        // A union that also takes strings keeps the text unless the typed reading is actually valid.
        if (schema.AnyOf.Count > 0 && schema.Accepts("string") && InputValidator.Check("_", candidate, schema).Count > 0)
        {
            return JsonValue.Create(value);
        }

        return candidate;
    }

    private static JsonNode? ScalarCandidate(string value, PropertySchema schema)
    {
        if ((value == "true" || value == "false") && schema.Accepts("boolean"))
        {
            return JsonValue.Create(value == "true");
        }

        if (schema.Accepts("integer") &&
            long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (schema.Accepts("number") &&
            double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number) &&
            double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        if (schema.Type == "object" && TryParseJson(value) is JsonObject obj)
        {
            return obj;
        }

        return null;
    }

    private static JsonNode? TryParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
