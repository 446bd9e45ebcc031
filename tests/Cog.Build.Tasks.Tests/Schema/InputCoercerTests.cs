using System.Text;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class InputCoercerTests
{
    private static readonly InputSchema Inputs = OpenApiSchema.Parse(SampleSchemas.WorkedExample).GetInputs(false);

    private static string Coerce(string name, params string[] values)
    {
        var node = InputCoercer.Coerce(new InputArgument(name, values), Inputs.Find(name)?.Schema, new FileInliner(Path.GetTempPath()));
        return node?.ToJsonString() ?? "null";
    }

    [TestMethod]
    public void ScalarsFollowThePropertyType()
    {
        Assert.AreEqual("25", Coerce("steps", "25"));
        Assert.AreEqual("7.25", Coerce("guidance", "7.25"));
        Assert.AreEqual("3", Coerce("guidance", "3"));
        Assert.AreEqual("true", Coerce("old_flag", "true"));
        Assert.AreEqual("\"42\"", Coerce("prompt", "42"));
        Assert.AreEqual("\"true\"", Coerce("prompt", "true"));
    }

    [TestMethod]
    public void FailedParsesStayStringsForValidationToReport()
    {
        Assert.AreEqual("\"many\"", Coerce("steps", "many"));
        Assert.AreEqual("\"True\"", Coerce("old_flag", "True"));
        Assert.AreEqual("\"1.5\"", Coerce("steps", "1.5"));
        Assert.AreEqual("\"NaN\"", Coerce("guidance", "NaN"));
        Assert.AreEqual("\" 5\"", Coerce("steps", " 5"));
    }

    [TestMethod]
    public void NumbersKeepPrecisionBeyondInt32AndFloat32()
    {
        Assert.AreEqual("9007199254740993", Coerce("seed", "9007199254740993"));
        Assert.AreEqual("0.1", Coerce("guidance", "0.1"));
        Assert.AreEqual("-4", Coerce("seed", "-4"));
    }

    [TestMethod]
    public void UnionsPreferTypedValuesOnlyWhenTheyValidate()
    {
        Assert.AreEqual("2.5", Coerce("value", "2.5"));
        Assert.AreEqual("\"abc\"", Coerce("value", "abc"));
    }

    [TestMethod]
    public void UnknownInputsStayStrings()
    {
        Assert.AreEqual("\"12\"", Coerce("not_in_schema", "12"));
    }

    [TestMethod]
    public void ArraysComeFromRepetitionLiteralsOrASingleValue()
    {
        Assert.AreEqual("[\"a\",\"b\"]", Coerce("tags", "a", "b"));
        Assert.AreEqual("[\"x\",\"y\"]", Coerce("tags", "[\"x\",\"y\"]"));
        Assert.AreEqual("[\"solo\"]", Coerce("tags", "solo"));
        Assert.AreEqual("[1,2]", Coerce("counts", "1", "2"));
        Assert.AreEqual("[3]", Coerce("counts", "3"));
    }

    [TestMethod]
    public void ObjectsAreParsedAsJson()
    {
        Assert.AreEqual("{\"k\":[1,true]}", Coerce("options", "{\"k\":[1,true]}"));
        Assert.AreEqual("\"{broken\"", Coerce("options", "{broken"));
    }

    [TestMethod]
    public void AtFilesBecomeDataUrlsWithMimeFromExtension()
    {
        var directory = Directory.CreateTempSubdirectory("cog-inputs-");
        try
        {
            File.WriteAllBytes(Path.Combine(directory.FullName, "pic.png"), [1, 2, 3]);
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "hi");
            var files = new FileInliner(directory.FullName);

            var single = InputCoercer.Coerce(new InputArgument("image", ["@pic.png"]), Inputs.Find("image")!.Schema, files);
            var list = InputCoercer.Coerce(new InputArgument("files", ["@pic.png", "@notes.txt"]), Inputs.Find("files")!.Schema, files);
            var wrapped = InputCoercer.Coerce(new InputArgument("files", ["@notes.txt"]), Inputs.Find("files")!.Schema, files);

            Assert.AreEqual("data:image/png;base64,AQID", single!.GetValue<string>());
            Assert.AreEqual("data:text/plain;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes("hi")), list![1]!.GetValue<string>());
            Assert.AreEqual(1, ((JsonArray)wrapped!).Count);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void UnreadableFileNamesTheInput()
    {
        var error = Assert.ThrowsExactly<CogException>(() =>
            InputCoercer.Coerce(new InputArgument("image", ["@/nonexistent/x.png"]), Inputs.Find("image")!.Schema, new FileInliner("/")));

        Assert.AreEqual("COG2002", error.Diagnostics[0].Code);
        StringAssert.StartsWith(error.Diagnostics[0].Message, "input \"image\": ");
    }

    [TestMethod]
    public void UrlsArePlainStrings()
    {
        Assert.AreEqual("\"https://example.com/a.png\"", Coerce("image", "https://example.com/a.png"));
    }
}
