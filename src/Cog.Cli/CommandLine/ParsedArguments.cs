namespace Cog.Cli.CommandLine;

/// <summary>A verb's arguments after parsing: flag values by long name (in order given) and positionals.</summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public bool HelpRequested { get; set; }

    public void Add(string longName, string value)
    {
        if (!_values.TryGetValue(longName, out var list))
        {
            _values[longName] = list = [];
        }

        list.Add(value);
    }

    public bool Has(string longName) => _values.ContainsKey(longName);

    public string? Get(string longName) => _values.TryGetValue(longName, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string longName) => _values.TryGetValue(longName, out var list) ? list : [];

    public bool IsOn(string longName) => Get(longName) is { } value && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
