using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks.Tests.Diagnostics;

/// <summary>
/// The Python runtime prints the COG51xx rows of the message table from src/Cog.Runtime/cog/messages.py, a module
/// generated from the table. It is committed (the runtime runs from the source tree in its tests and benchmarks, with
/// no build step) and these tests keep it equal to the table: COG_UPDATE_GOLDENS=1 rewrites it.
/// </summary>
[TestClass]
public sealed class RuntimeMessagesModuleTests
{
    private const string RuntimeBand = "COG51";

    [TestMethod]
    public void GeneratedModuleMatchesTheTable()
    {
        var path = Path.Combine(RuntimeFolder(), "cog", "messages.py");
        var expected = Render(RuntimeRows());
        if (Environment.GetEnvironmentVariable("COG_UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.IsTrue(File.Exists(path), $"missing {path}; run the unit tests with COG_UPDATE_GOLDENS=1 to generate it");
        Assert.AreEqual(expected, File.ReadAllText(path).ReplaceLineEndings("\n"),
            $"{path} differs from the message table (COG_UPDATE_GOLDENS=1 regenerates it)");
    }

    [TestMethod]
    public void RuntimeRowsUsePlaceholdersPythonFormatsTheSameWay()
    {
        foreach (var (field, template) in RuntimeRows())
        {
            foreach (Match placeholder in Regex.Matches(template.Format.Replace("{{", "").Replace("}}", ""), @"\{[^{}]*\}"))
            {
                Assert.IsTrue(Regex.IsMatch(placeholder.Value, @"^\{\d+\}$"),
                    $"{field}: {placeholder.Value} has no Python str.format equivalent; use {{0}}, {{1}} …");
            }
        }
    }

    [TestMethod]
    public void RuntimeSpellsNoCodeOutsideTheGeneratedModule()
    {
        var cog = Path.Combine(RuntimeFolder(), "cog");
        var inline = Directory.EnumerateFiles(cog, "*.py", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "messages.py")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"COG\d{4}").Select(m => $"{Path.GetRelativePath(cog, file)}: {m.Value}"))
            .ToList();
        Assert.AreEqual(0, inline.Count, "codes written inline instead of taken from cog/messages.py: " + string.Join(", ", inline));
    }

    private static List<(string Field, MessageTemplate Template)> RuntimeRows() =>
        typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MessageTemplate))
            .Select(f => (f.Name, Template: (MessageTemplate)f.GetValue(null)!))
            .Where(row => row.Template.Code.StartsWith(RuntimeBand, StringComparison.Ordinal))
            .OrderBy(row => row.Template.Code, StringComparer.Ordinal)
            .ToList();

    private static string Render(IEnumerable<(string Field, MessageTemplate Template)> rows)
    {
        var text = new StringBuilder();
        text.Append(""""
            """The runtime's coded messages (COG51xx), generated from the message table in
            src/Cog.Build.Tasks/Diagnostics/Messages.Runtime.cs so that the runtime and the host word them alike. Do not edit:
            the unit test RuntimeMessagesModuleTests fails when this file and the table differ, and rewrites it when run with
            COG_UPDATE_GOLDENS=1."""

            from __future__ import annotations

            import dataclasses


            @dataclasses.dataclass(frozen=True)
            class Message:
                code: str
                text: str  # {0}, {1} … are filled in by format(), as the table's composite formats are

                def format(self, *args: object) -> str:
                    """`COGnnnn: text` with the placeholders filled in."""
                    return f"{self.code}: " + self.text.format(*args)
            """").Append("\n\n\n");
        foreach (var (field, template) in rows)
        {
            text.Append(field).Append(" = Message(").Append(PythonString(template.Code)).Append(", ")
                .Append(PythonString(template.Format)).Append(")\n");
        }

        return text.ToString();
    }

    private static string PythonString(string value)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in value)
        {
            literal.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return literal.Append('"').ToString();
    }

    private static string RuntimeFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "Cog.Runtime"));
}
