namespace Cog.Build.Registry;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge from a registry: the scheme (Basic or Bearer) and its parameters.</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.TryGetValue("realm", out var value) ? value : null;

    public string? Service => Parameters.TryGetValue("service", out var value) ? value : null;

    public string? Scope => Parameters.TryGetValue("scope", out var value) ? value : null;

    /// <summary>Parses <c>Bearer realm="https://auth/token",service="registry",scope="repository:a/b:pull"</c> and the like.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header!.Trim();
        var space = text.IndexOf(' ');
        var scheme = space < 0 ? text : text.Substring(0, space);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = space < 0 ? text.Length : space + 1;
        while (position < text.Length)
        {
            while (position < text.Length && (text[position] == ' ' || text[position] == ','))
            {
                position++;
            }

            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            var name = text.Substring(position, equals - position).Trim();
            position = equals + 1;
            string value;
            if (position < text.Length && text[position] == '"')
            {
                var builder = new System.Text.StringBuilder();
                position++;
                while (position < text.Length && text[position] != '"')
                {
                    if (text[position] == '\\' && position + 1 < text.Length)
                    {
                        position++;
                    }

                    builder.Append(text[position]);
                    position++;
                }

                position++;
                value = builder.ToString();
            }
            else
            {
                var end = text.IndexOf(',', position);
                if (end < 0)
                {
                    end = text.Length;
                }

                value = text.Substring(position, end - position).Trim();
                position = end;
            }

            if (name.Length > 0)
            {
                parameters[name] = value;
            }
        }

        return new AuthChallenge(scheme, parameters);
    }
}
