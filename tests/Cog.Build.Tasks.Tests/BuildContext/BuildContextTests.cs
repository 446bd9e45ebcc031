using System.Formats.Tar;
using System.Text;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.BuildContext;

[TestClass]
public sealed class BuildContextTests
{
    private string _root = "";

    [TestInitialize]
    public void CreateProject()
    {
        _root = Directory.CreateTempSubdirectory("cog-ctx-").FullName;
        Write("run.py", "print('hi')\n");
        Write("cog.yaml", "run: run.py:Runner\n");
        Write("weights/model.bin", "0123456789");
        Write("notes.tmp", "scratch");
        Write(".cog/openapi_schema.json", "{}");
        Write("bin/Debug/x.dll", "x");
        Write("obj/project.assets.json", "{}");
        Write(".git/HEAD", "ref: refs/heads/main");
        Write("lib/bin/tool.py", "# a nested bin folder is the user's code\n");
        Write(".dockerignore", "*.tmp\nweights\n");
    }

    [TestCleanup]
    public void DeleteProject() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void SkipsIgnoredFilesAndOurOwnFoldersButKeepsNestedBinFolders()
    {
        var paths = new Cog.Build.Dockerfile.BuildContext(_root).Enumerate().Select(e => e.ContextPath).ToList();

        CollectionAssert.AreEqual(new[] { ".dockerignore", "cog.yaml", "lib", "lib/bin", "lib/bin/tool.py", "run.py" }, paths);
    }

    [TestMethod]
    public void AProjectPrefixPutsTheModelApartFromGeneratedFiles()
    {
        var context = new Cog.Build.Dockerfile.BuildContext(_root) { ProjectPrefix = "src" }.AddText(".cog/Dockerfile", "FROM scratch\n");

        var paths = context.Enumerate().Select(e => e.ContextPath).ToList();

        // .dockerignore patterns still match project-relative paths; the prefix folder comes first, exactly once.
        CollectionAssert.AreEqual(
            new[] { "src", "src/.dockerignore", "src/cog.yaml", "src/lib", "src/lib/bin", "src/lib/bin/tool.py", "src/run.py", ".cog", ".cog/Dockerfile" }, paths);
    }

    [TestMethod]
    public void ThePrefixFolderExistsEvenWhenEverythingIsIgnored()
    {
        var context = new Cog.Build.Dockerfile.BuildContext(_root, DockerIgnore.Parse("**")) { ProjectPrefix = "src" };

        var entry = context.Enumerate().Single();

        Assert.AreEqual("src", entry.ContextPath);
        Assert.AreEqual(BuildContextEntryKind.Directory, entry.Kind);
    }

    [TestMethod]
    public void GeneratedFilesAndFoldersGoUnderDotCogWithTheirParents()
    {
        var runtime = Directory.CreateTempSubdirectory("cog-rt-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(runtime, "__init__.py"), "");
            Directory.CreateDirectory(Path.Combine(runtime, "server", "__pycache__"));
            File.WriteAllText(Path.Combine(runtime, "server", "http.py"), "");
            File.WriteAllText(Path.Combine(runtime, "server", "__pycache__", "http.cpython-311.pyc"), "");
            var context = new Cog.Build.Dockerfile.BuildContext(_root)
                .AddText(".cog/Dockerfile", "FROM scratch\n")
                .AddDirectory(".cog/runtime/cog", runtime);

            var generated = context.Enumerate().Select(e => e.ContextPath).SkipWhile(p => !p.StartsWith(".cog", StringComparison.Ordinal)).ToList();

            CollectionAssert.AreEqual(
                new[] { ".cog", ".cog/Dockerfile", ".cog/runtime", ".cog/runtime/cog", ".cog/runtime/cog/__init__.py", ".cog/runtime/cog/server", ".cog/runtime/cog/server/http.py" },
                generated);
        }
        finally
        {
            Directory.Delete(runtime, recursive: true);
        }
    }

    [TestMethod]
    public async Task WritesATarTheEngineCanSniffAndThatHoldsTheFiles()
    {
        var context = new Cog.Build.Dockerfile.BuildContext(_root).AddText(".cog/Dockerfile", "FROM scratch\n");
        using var tar = new MemoryStream();

        await context.WriteTarAsync(tar);

        // The engine decides "tar or bare Dockerfile" from the first header: it must be a plain entry, not a PAX record.
        var first = tar.ToArray();
        Assert.AreEqual("ustar", Encoding.ASCII.GetString(first, 257, 5));
        Assert.AreNotEqual((byte)'x', first[156]);
        tar.Position = 0;
        var entries = new Dictionary<string, string>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
        {
            entries[entry.Name] = entry.DataStream is null ? "" : new StreamReader(entry.DataStream).ReadToEnd();
        }

        Assert.AreEqual("print('hi')\n", entries["run.py"]);
        Assert.AreEqual("FROM scratch\n", entries[".cog/Dockerfile"]);
        Assert.IsFalse(entries.Keys.Any(k => k.StartsWith("weights", StringComparison.Ordinal) || k.EndsWith(".tmp", StringComparison.Ordinal)));
        Assert.AreEqual(context.MeasureSize(), entries.Values.Sum(v => (long)Encoding.UTF8.GetByteCount(v)));
    }

    [TestMethod]
    public void ExceptionsReachIntoExcludedFolders()
    {
        Write(".dockerignore", "weights\n!weights/model.bin\n");

        var paths = new Cog.Build.Dockerfile.BuildContext(_root).Enumerate().Select(e => e.ContextPath).ToList();

        CollectionAssert.Contains(paths, "weights/model.bin");
        CollectionAssert.DoesNotContain(paths, "bin/Debug/x.dll");
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
