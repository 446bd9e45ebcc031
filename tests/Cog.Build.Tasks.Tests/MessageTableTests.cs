using System.Reflection;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks.Tests;

[TestClass]
public sealed class MessageTableTests
{
    private static IEnumerable<(string Field, MessageTemplate Template)> AllTemplates() =>
        typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MessageTemplate))
            .Select(f => (f.Name, (MessageTemplate)f.GetValue(null)!));

    [TestMethod]
    public void CodesAreUniqueAndWellFormed()
    {
        var templates = AllTemplates().ToList();
        Assert.IsTrue(templates.Count > 0);
        foreach (var (field, template) in templates)
        {
            Assert.IsTrue(Regex.IsMatch(template.Code, "^COG[0-5][0-9]{3}$"), $"{field}: bad code {template.Code}");
        }

        var duplicates = templates.GroupBy(t => t.Template.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.AreEqual(0, duplicates.Count, "duplicate codes: " + string.Join(", ", duplicates));
    }

    [TestMethod]
    public void DiagnosticRendersLikeMSBuild()
    {
        var diagnostic = Messages.NotImplemented.Create("cog frobnicate").At("cog.yaml", 7, 5);
        StringAssert.StartsWith(diagnostic.ToString(), "cog.yaml(7,5): error COG0001: 'cog frobnicate'");
    }
}
