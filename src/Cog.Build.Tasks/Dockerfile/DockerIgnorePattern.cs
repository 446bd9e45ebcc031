using System.Text;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>
/// One .dockerignore line compiled the way Docker does it: the cleaned pattern becomes an anchored regular
/// expression where <c>*</c> and <c>?</c> stop at '/', <c>**</c> spans any number of directories, <c>[...]</c> is a
/// character class and <c>\</c> escapes. A pattern also matches every path below a directory it matches.
/// </summary>
public sealed class DockerIgnorePattern
{
    private readonly Regex _regex;
    private readonly int _segments;

    private DockerIgnorePattern(string text, bool exclusion, Regex regex)
    {
        Text = text;
        IsException = exclusion;
        _regex = regex;
        _segments = text.Split('/').Length;
    }

    /// <summary>The cleaned pattern (no '!', no leading '/').</summary>
    public string Text { get; }

    /// <summary>True for '!' lines, which re-include what earlier lines excluded.</summary>
    public bool IsException { get; }

    /// <summary>Parses one trimmed, non-comment line. Returns null for lines that hold no pattern.</summary>
    public static DockerIgnorePattern? Parse(string line)
    {
        var text = line.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var exclusion = false;
        if (text[0] == '!')
        {
            exclusion = true;
            text = text[1..].Trim();
        }

        text = CleanPath(text);
        if (text.Length > 1 && text[0] == '/')
        {
            text = text[1..];
        }

        return new DockerIgnorePattern(text, exclusion, new Regex(ToRegex(text, line), RegexOptions.CultureInvariant));
    }

    /// <summary>Whether this pattern matches <paramref name="path"/> (clean, '/'-separated, relative) or one of its parent directories.</summary>
    public bool Matches(string path)
    {
        if (_regex.IsMatch(path))
        {
            return true;
        }

        var parents = path.Split('/');
        if (parents.Length <= 1 || _segments > parents.Length - 1)
        {
            return false;
        }

        return _regex.IsMatch(string.Join('/', parents, 0, _segments));
    }

    /// <summary>Lexical clean like Go's path.Clean: collapse '//', drop '.', resolve '..', drop a trailing '/'.</summary>
    internal static string CleanPath(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private static string ToRegex(string pattern, string line)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    // "**" at the end accepts everything; elsewhere it spans zero or more whole directories.
                    regex.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        throw Messages.DockerIgnoreInvalidPattern.Fail(line.Trim(), "it ends with a lone '\\'");
                    }

                    i++;
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '[':
                    i = AppendClass(pattern, i, regex, line);
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    // Go's filepath.Match classes: [abc], [a-z], negation with '^'; '/' never matches.
    private static int AppendClass(string pattern, int start, StringBuilder regex, string line)
    {
        var i = start + 1;
        var body = new StringBuilder();
        if (i < pattern.Length && pattern[i] == '^')
        {
            body.Append('^');
            i++;
        }

        var first = true;
        for (; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            if (ch == ']' && !first)
            {
                regex.Append('[').Append(body);
                if (body.Length > 0 && body[0] == '^')
                {
                    regex.Append('/');
                }

                regex.Append(']');
                return i;
            }

            first = false;
            if (ch == '\\' && i + 1 < pattern.Length)
            {
                i++;
                body.Append('\\').Append(pattern[i]);
            }
            else if (ch == '-')
            {
                body.Append('-');
            }
            else
            {
                body.Append(Regex.Escape(ch.ToString()).Replace("]", "\\]"));
            }
        }

        throw Messages.DockerIgnoreInvalidPattern.Fail(line.Trim(), "a '[' character class is not closed");
    }
}
