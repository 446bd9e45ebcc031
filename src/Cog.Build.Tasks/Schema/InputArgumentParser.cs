using Cog.Build.Diagnostics;

namespace Cog.Build.Schema;

/// <summary>Splits <c>-i name=value</c> arguments (spec 40 §6.2 step 1) and groups repeated names, keeping order.</summary>
public static class InputArgumentParser
{
    public static IReadOnlyList<InputArgument> Parse(IEnumerable<string> arguments)
    {
        var order = new List<string>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=');
            if (equals < 0)
            {
                throw Messages.InputFormat.Fail(argument);
            }

            var name = argument[..equals];
            var value = argument[(equals + 1)..];
            // Shells that pass the quotes through (Windows, scripts) would otherwise send them to the model.
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (!groups.TryGetValue(name, out var values))
            {
                values = [];
                groups[name] = values;
                order.Add(name);
            }

            values.Add(value);
        }

        return order.Select(n => new InputArgument(n, groups[n])).ToList();
    }
}
