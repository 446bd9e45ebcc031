using System.Text;

namespace Cog.Cli.CommandLine;

/// <summary>Help pages: the verb list for <c>cog --help</c> and one page per verb.</summary>
public static class HelpText
{
    public static string ForRoot(IEnumerable<VerbSpec> verbs)
    {
        var text = new StringBuilder();
        text.AppendLine("Containers for machine learning, built with MSBuild.");
        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine("  cog [command]");
        text.AppendLine();
        text.AppendLine("Commands:");
        foreach (var verb in verbs.Where(v => !v.Hidden))
        {
            text.AppendLine($"  {verb.Name,-8} {verb.Summary}");
        }

        text.AppendLine();
        text.AppendLine("Flags:");
        text.AppendLine("  -h, --help       Help for cog or any command (cog run --help)");
        text.AppendLine("      --version    Print the version");
        text.AppendLine("      --debug      Show debug output");
        text.AppendLine("      --no-color   Print without colors");
        text.AppendLine();
        text.AppendLine("Use \"cog [command] --help\" for more information about a command.");
        return text.ToString();
    }

    public static string ForVerb(VerbSpec verb)
    {
        var text = new StringBuilder();
        text.AppendLine(verb.Description ?? verb.Summary);
        text.AppendLine();
        text.Append(Usage(verb));
        if (verb.Examples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Examples:");
            foreach (var example in verb.Examples)
            {
                text.AppendLine($"  {example}");
            }
        }

        return text.ToString();
    }

    public static string Usage(VerbSpec verb)
    {
        var text = new StringBuilder();
        text.AppendLine("Usage:");
        text.AppendLine($"  {verb.Usage}");
        text.AppendLine();
        text.AppendLine("Flags:");
        foreach (var flag in verb.Flags.Where(f => !f.Hidden).Append(new FlagSpec("--help", "-h", null, $"Help for {verb.Name}")))
        {
            var names = (flag.Short is null ? "    " : $"{flag.Short}, ") + flag.Long + (flag.ValueName is null ? "" : " " + flag.ValueName);
            text.AppendLine($"  {names,-40} {flag.Help}");
        }

        return text.ToString();
    }
}
