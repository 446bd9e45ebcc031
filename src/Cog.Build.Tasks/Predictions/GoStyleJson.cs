using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cog.Build.Predictions;

/// <summary>
/// Prints JSON output the way upstream's CLI does (spec 40 §6.5), so scripts comparing bytes keep working: keys sorted,
/// <c>&lt;&gt;&amp;</c> escaped as <c>\u003c</c>…, numbers as float64 in shortest form (<c>2.0</c> prints <c>2</c>), 2-space indent.
/// </summary>
public static class GoStyleJson
{
    public static string Serialize(JsonNode? node, bool indent = true, bool sortKeys = true)
    {
        var builder = new StringBuilder();
        Write(builder, node, indent, sortKeys, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, bool indent, bool sortKeys, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                var properties = sortKeys ? obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : obj.ToList();
                WriteContainer(sb, '{', '}', properties.Count, indent, depth, i =>
                {
                    WriteString(sb, properties[i].Key);
                    sb.Append(indent ? ": " : ":");
                    Write(sb, properties[i].Value, indent, sortKeys, depth + 1);
                });
                break;
            case JsonArray array:
                WriteContainer(sb, '[', ']', array.Count, indent, depth, i => Write(sb, array[i], indent, sortKeys, depth + 1));
                break;
            default:
                var value = (JsonValue)node;
                switch (value.GetValueKind())
                {
                    case System.Text.Json.JsonValueKind.String:
                        WriteString(sb, value.GetValue<string>());
                        break;
                    case System.Text.Json.JsonValueKind.Number:
                        sb.Append(FormatNumber(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)));
                        break;
                    default:
                        sb.Append(value.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static void WriteContainer(StringBuilder sb, char open, char close, int count, bool indent, int depth, Action<int> item)
    {
        sb.Append(open);
        if (count == 0)
        {
            sb.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            if (indent)
            {
                sb.Append('\n').Append(' ', (depth + 1) * 2);
            }

            item(i);
        }

        if (indent)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }

        sb.Append(close);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Go's float64 encoding: shortest round-trip digits, exponent form only below 1e-6 or from 1e21 up.</summary>
    public static string FormatNumber(double d)
    {
        if (!double.IsFinite(d))
        {
            return "null";
        }

        var abs = Math.Abs(d);
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            // Go writes e-07 / e+21 with at least two exponent digits.
            var e = shortest.IndexOf('E');
            if (e < 0)
            {
                return shortest;
            }

            var exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
            return shortest[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        return shortest.Contains('E') ? ToFixed(shortest) : shortest;
    }

    // "1.2345E+19" -> "12345000000000000000", "1E-05" -> "0.00001": same digits, decimal point moved.
    private static string ToFixed(string scientific)
    {
        var e = scientific.IndexOf('E');
        var exponent = int.Parse(scientific[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = scientific[..e];
        var negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
        var point = (mantissa.TrimStart('-').IndexOf('.') is var dot && dot >= 0 ? dot : mantissa.TrimStart('-').Length) + exponent;
        string result;
        if (point <= 0)
        {
            result = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            result = digits + new string('0', point - digits.Length);
        }
        else
        {
            result = digits[..point] + "." + digits[point..];
        }

        return negative ? "-" + result : result;
    }
}
