using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Predictions;
using Cog.Build.Schema;

namespace Cog.IntegrationTests.Predictions;

/// <summary>The dev-image schema of mounted code: printed by the image's runtime, then served from the source-hash cache.</summary>
[TestClass]
public sealed class MountedCodeSchemaTests
{
    private static DockerEngine _engine = null!;
    private static string _image = null!;
    private DirectoryInfo _project = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task BuildImage(TestContext context)
    {
        _engine = await Engine.GetWithPythonBaseAsync();
        _image = await DevImage.BuildAsync(_engine, Engine.UniqueImageName("cogtest-inputs-schema"));
    }

    [ClassCleanup]
    public static async Task RemoveImage() => await _engine.RemoveImageAsync(_image);

    [TestInitialize]
    public void CopyFixture() => _project = new DirectoryInfo(Fixtures.CopyModel("inputs-echo"));

    [TestCleanup]
    public void Cleanup() => _project.Delete(recursive: true);

    [TestMethod]
    public async Task PrintsTheSchemaOfTheMountedCodeAndCachesItBySourceHash()
    {
        var schema = await MountedCodeSchema.GetAsync(_engine, _image, _project.FullName, TestContext.CancellationToken);

        Assert.AreEqual("text", OpenApiSchema.Parse(schema).GetInputs(false).Properties[0].Name);
        var cached = Directory.GetFiles(Path.Combine(_project.FullName, ".cog", "cache"), "openapi_schema.*.json").Single();

        // A marker in the cache proves the second call never ran a container.
        File.WriteAllText(cached, "{\"marker\":true}");
        Assert.AreEqual("{\"marker\":true}", await MountedCodeSchema.GetAsync(_engine, _image, _project.FullName, TestContext.CancellationToken));

        File.AppendAllText(Path.Combine(_project.FullName, "run.py"), "\n# edited\n");
        var again = await MountedCodeSchema.GetAsync(_engine, _image, _project.FullName, TestContext.CancellationToken);
        StringAssert.Contains(again, "\"Input\"");
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(_project.FullName, ".cog", "cache"), "openapi_schema.*.json").Length);
    }

    [TestMethod]
    public async Task BrokenCodeIsCOG3010WithTheRuntimeMessage()
    {
        File.WriteAllText(Path.Combine(_project.FullName, "run.py"), "from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self, x: tuple) -> str:\n        return ''\n");

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => MountedCodeSchema.GetAsync(_engine, _image, _project.FullName, TestContext.CancellationToken));

        Assert.AreEqual("COG3010", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Diagnostics[0].Message, "tuple");
    }
}
