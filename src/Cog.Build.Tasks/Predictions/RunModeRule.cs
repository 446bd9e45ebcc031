namespace Cog.Build.Predictions;

/// <summary>
/// Decides whether <c>cog run ARGS</c> is a prediction or a command (spec 00 "Naming and verbs"). It is a prediction when
/// no positional argument is given, when a prediction flag (<c>-i/--input/--json/-o/--output/--setup-timeout/
/// --use-replicate-token</c>) precedes the first positional, or when the single positional is an image reference (contains
/// <c>/</c>, <c>:</c> or <c>@</c>, or is a local image carrying <c>run.cog.config</c>). Otherwise it runs the command;
/// flags after the command word belong to the command (<c>cog run grep -i x</c>), and <c>--</c> forces the command form.
/// </summary>
public static class RunModeRule
{
    public static IReadOnlySet<string> PredictionFlags { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "-i", "--input", "--json", "-o", "--output", "--setup-timeout", "--use-replicate-token",
    };

    /// <summary>Flags of run/exec that take a value in the next argument unless written <c>--flag=value</c>.</summary>
    public static IReadOnlySet<string> ValueFlags { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "-i", "--input", "--json", "-o", "--output", "--setup-timeout", "-e", "--env", "--gpus", "-f", "--file",
        "--progress", "--use-cuda-base-image", "--use-cog-base-image", "--dockerfile", "-p", "--publish",
    };

    /// <param name="arguments">The arguments after the verb <c>run</c>.</param>
    /// <param name="isLocalCogImage">Answers whether a name is a local image with the <c>run.cog.config</c> label.</param>
    public static RunModeDecision Decide(IReadOnlyList<string> arguments, Func<string, bool>? isLocalCogImage = null)
    {
        var predictionFlag = false;
        var index = 0;
        while (index < arguments.Count)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                var command = arguments.Skip(index + 1).ToList();
                return new RunModeDecision(RunMode.Command, null, command, arguments.Take(index).ToList());
            }

            if (argument.Length < 2 || argument[0] != '-')
            {
                break;
            }

            var name = FlagName(argument, out var hasInlineValue);
            predictionFlag |= PredictionFlags.Contains(name);
            index += ValueFlags.Contains(name) && !hasInlineValue ? 2 : 1;
        }

        if (index >= arguments.Count)
        {
            return new RunModeDecision(RunMode.Prediction, null, [], arguments.ToList());
        }

        var first = arguments[index];
        var rest = arguments.Take(index).Concat(arguments.Skip(index + 1)).ToList();
        if (predictionFlag || LooksLikeImage(first) || (isLocalCogImage?.Invoke(first) ?? false))
        {
            return new RunModeDecision(RunMode.Prediction, first, [], rest);
        }

        return new RunModeDecision(RunMode.Command, null, arguments.Skip(index).ToList(), arguments.Take(index).ToList());
    }

    /// <summary>An image reference rather than a command word: it names a registry, tag or digest.</summary>
    public static bool LooksLikeImage(string argument) => argument.IndexOfAny(['/', ':', '@']) >= 0;

    // "--json={}" and "-ix=1" carry their value in the same argument.
    private static string FlagName(string argument, out bool hasInlineValue)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = argument.IndexOf('=');
            hasInlineValue = equals >= 0;
            return equals >= 0 ? argument[..equals] : argument;
        }

        hasInlineValue = argument.Length > 2;
        return argument[..2];
    }
}
