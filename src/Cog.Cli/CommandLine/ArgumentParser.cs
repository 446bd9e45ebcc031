using Cog.Build.Diagnostics;

namespace Cog.Cli.CommandLine;

/// <summary>
/// Parses a verb's arguments against its flags: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c>, <c>-nvalue</c>,
/// switches, <c>--</c>. Verbs that run a command stop at the first positional so the command keeps its own flags.
/// </summary>
public static class ArgumentParser
{
    public static ParsedArguments Parse(VerbSpec verb, IReadOnlyList<string> arguments)
    {
        var parsed = new ParsedArguments();
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                parsed.Positionals.AddRange(arguments.Skip(index + 1));
                break;
            }

            if (argument is "-h" or "--help")
            {
                parsed.HelpRequested = true;
                continue;
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                parsed.Positionals.Add(argument);
                if (verb.StopAtFirstPositional)
                {
                    parsed.Positionals.AddRange(arguments.Skip(index + 1));
                    break;
                }

                continue;
            }

            var (name, inlineValue) = Split(argument);
            var flag = verb.AllFlags.FirstOrDefault(f => f.Matches(name)) ?? throw Messages.UnknownFlag.Fail(name, verb.Name);
            if (flag.IsSwitch)
            {
                parsed.Add(flag.Long, inlineValue ?? "true");
                continue;
            }

            if (inlineValue is null)
            {
                if (index + 1 >= arguments.Count)
                {
                    throw Messages.FlagNeedsValue.Fail(name, flag.ValueName, verb.Name);
                }

                inlineValue = arguments[++index];
            }

            parsed.Add(flag.Long, inlineValue);
        }

        return parsed;
    }

    // "--json={}" and "-ix=1" carry the value in the same argument.
    private static (string Name, string? Value) Split(string argument)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = argument.IndexOf('=');
            return equals < 0 ? (argument, null) : (argument[..equals], argument[(equals + 1)..]);
        }

        return argument.Length == 2 ? (argument, null) : (argument[..2], argument[2] == '=' ? argument[3..] : argument[2..]);
    }
}
