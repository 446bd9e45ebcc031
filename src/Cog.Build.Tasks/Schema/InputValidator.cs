using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>
/// Checks inputs against the schema before any container starts, with spec 40 §6.4's messages. Stricter than the runtime:
/// unknown names and explicit nulls are errors. Returns every problem found, not just the first.
/// </summary>
public static class InputValidator
{
    public static IReadOnlyList<Diagnostic> Validate(InputSchema schema, JsonObject inputs)
    {
        var problems = new List<Diagnostic>();
        if (UnknownNames(schema, inputs.Select(p => p.Key)) is { } unknown)
        {
            problems.Add(unknown);
        }

        foreach (var property in schema.Properties)
        {
            if (!inputs.TryGetPropertyValue(property.Name, out var value))
            {
                if (property.Required)
                {
                    problems.Add(Messages.MissingInput.Create(property.Name));
                }

                continue;
            }

            problems.AddRange(value is null ? [Messages.InputNull.Create(property.Name)] : Check(property.Name, value, property.Schema));
        }

        return problems;
    }

    /// <summary>One diagnostic naming every input the model does not have, or null when all are known.</summary>
    public static Diagnostic? UnknownNames(InputSchema schema, IEnumerable<string> names)
    {
        var unknown = names.Where(n => schema.Find(n) is null).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var subject = unknown.Count == 1
            ? $"input \"{unknown[0]}\""
            : "inputs " + string.Join(", ", unknown.Select(n => $"\"{n}\""));
        var valid = schema.Properties.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var tail = valid.Count == 0 ? "model does not accept inputs" : "valid inputs are: " + string.Join(", ", valid);
        return Messages.UnknownInput.Create(subject, tail);
    }

    /// <summary>Type, choices and bounds of one value; array elements are reported as <c>name[i]</c>.</summary>
    public static IReadOnlyList<Diagnostic> Check(string name, JsonNode? value, PropertySchema schema)
    {
        if (value is null)
        {
            return [Messages.InputNull.Create(name)];
        }

        if (schema.AnyOf.Count > 0)
        {
            foreach (var variant in schema.AnyOf)
            {
                if (Check(name, value, variant).Count == 0)
                {
                    return Constraints(name, value, schema);
                }
            }

            return [Messages.InputType.Create(name, schema.Describe(), KindOf(value))];
        }

        var kind = KindOf(value);
        if (schema.Type is { } type && !(kind == type || (kind == "integer" && type == "number")))
        {
            return [Messages.InputType.Create(name, schema.Describe(), kind)];
        }

        if (value is JsonArray array)
        {
            var problems = new List<Diagnostic>();
            for (var i = 0; i < array.Count; i++)
            {
                var element = $"{name}[{i}]";
                if (schema.Items is not null)
                {
                    var itemProblems = Check(element, array[i], schema.Items);
                    problems.AddRange(itemProblems);
                    if (itemProblems.Count > 0)
                    {
                        continue;
                    }
                }

                // Choices and bounds declared on a list input apply to each element (spec 20 §4.1).
                if (array[i] is not null && array[i] is not JsonArray)
                {
                    problems.AddRange(Constraints(element, array[i]!, schema));
                }
            }

            return problems;
        }

        return Constraints(name, value, schema);
    }

    private static IReadOnlyList<Diagnostic> Constraints(string name, JsonNode value, PropertySchema schema)
    {
        var problems = new List<Diagnostic>();
        if (schema.Enum is { Count: > 0 } choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
        {
            problems.Add(Messages.InputChoice.Create(name, string.Join(", ", choices.Select(Display))));
        }

        if (value is JsonValue scalar && KindOf(value) is "integer" or "number")
        {
            var number = ToDouble(scalar);
            if (schema.Minimum is { } min && number < min)
            {
                problems.Add(Messages.InputConstraint.Create(name, $"must be greater than or equal to {Format(min)}"));
            }

            if (schema.Maximum is { } max && number > max)
            {
                problems.Add(Messages.InputConstraint.Create(name, $"must be less than or equal to {Format(max)}"));
            }
        }

        if (value is JsonValue text && text.TryGetValue<string>(out var s))
        {
            var length = CodePoints(s);
            if (schema.MinLength is { } minLength && length < minLength)
            {
                problems.Add(Messages.InputConstraint.Create(name, $"must be at least {minLength} characters long, got {length}"));
            }

            if (schema.MaxLength is { } maxLength && length > maxLength)
            {
                problems.Add(Messages.InputConstraint.Create(name, $"must be at most {maxLength} characters long, got {length}"));
            }

            if (schema.Pattern is { } pattern && !Matches(s, pattern))
            {
                problems.Add(Messages.InputConstraint.Create(name, $"must match the pattern \"{pattern}\""));
            }
        }

        return problems;
    }

    // JSON-Schema patterns are unanchored searches; a pattern .NET cannot compile is left to the runtime to judge.
    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    public static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegral(ToDouble(node)) ? "integer" : "number",
            _ => "null",
        },
    };

    // JsonValue.GetValue<double> refuses values created from long; the JSON text is the common ground.
    private static double ToDouble(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool IsIntegral(double d) => double.IsFinite(d) && Math.Floor(d) == d;

    private static int CodePoints(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsHighSurrogate(s[i]) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
            {
                count++;
            }
        }

        return count;
    }

    private static string Display(JsonNode? choice) =>
        choice is JsonValue v && v.TryGetValue<string>(out var s) ? s : choice?.ToJsonString() ?? "null";

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
