using Cog.Build.Diagnostics;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.BuildContext;

[TestClass]
public sealed class DockerIgnoreTests
{
    [TestMethod]
    [DataRow("*.bin", "model.bin", true)]
    [DataRow("*.bin", "weights/model.bin", false)]
    [DataRow("*/*.bin", "weights/model.bin", true)]
    [DataRow("**/*.bin", "model.bin", true)]
    [DataRow("**/*.bin", "a/b/c/model.bin", true)]
    [DataRow("data/**", "data/x/y.txt", true)]
    [DataRow("data/**", "database.txt", false)]
    [DataRow("a/**/z", "a/z", true)]
    [DataRow("a/**/z", "a/b/c/z", true)]
    [DataRow("a/**/z", "a/b/c/zz", false)]
    [DataRow("?.txt", "a.txt", true)]
    [DataRow("?.txt", "ab.txt", false)]
    [DataRow("[a-c].txt", "b.txt", true)]
    [DataRow("[a-c].txt", "d.txt", false)]
    [DataRow("[^a-c].txt", "d.txt", true)]
    [DataRow("[^a-c].txt", "a.txt", false)]
    [DataRow("file\\*.txt", "file*.txt", true)]
    [DataRow("file\\*.txt", "fileX.txt", false)]
    [DataRow("/secret.txt", "secret.txt", true)]
    [DataRow("cache/", "cache/x.bin", true)]
    [DataRow("cache", "cache/deep/x.bin", true)]
    [DataRow("./notes//old.md", "notes/old.md", true)]
    [DataRow("docs/../build", "build/out.o", true)]
    [DataRow("model.bin", "sub/model.bin", false)]
    [DataRow("a.b", "axb", false)]
    [DataRow("*", "anything/inside.txt", true)]
    public void MatchesLikeDocker(string pattern, string path, bool excluded)
    {
        Assert.AreEqual(excluded, DockerIgnore.Parse(pattern).IsExcluded(path), $"{pattern} vs {path}");
    }

    [TestMethod]
    public void TheLastMatchingLineWinsAndExceptionsReInclude()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\nREADME.md\n!docs/README.md\n");

        Assert.IsTrue(ignore.IsExcluded("CHANGES.md"));
        Assert.IsTrue(ignore.IsExcluded("README.md"));
        Assert.IsFalse(ignore.IsExcluded("docs/README.md"));
        Assert.IsFalse(ignore.IsExcluded("run.py"));
        Assert.IsTrue(ignore.HasExceptions);
    }

    [TestMethod]
    public void AnExceptionCanReachIntoAnExcludedFolder()
    {
        var ignore = DockerIgnore.Parse("data\n!data/keep.txt\n");

        Assert.IsTrue(ignore.IsExcluded("data/drop.txt"));
        Assert.IsFalse(ignore.IsExcluded("data/keep.txt"));
    }

    [TestMethod]
    public void CommentsBlankLinesAndWhitespaceAreIgnored()
    {
        var ignore = DockerIgnore.Parse("# a comment\n\n   \n  *.log  \r\n");

        Assert.AreEqual(1, ignore.Patterns.Count);
        Assert.IsTrue(ignore.IsExcluded("debug.log"));
        Assert.IsFalse(ignore.IsExcluded("# a comment"));
    }

    [TestMethod]
    public void AnUnclosedClassIsACodedError()
    {
        var error = Assert.ThrowsExactly<CogException>(() => DockerIgnore.Parse("[abc\n"));

        Assert.AreEqual("COG3013", error.Diagnostics.Single().Code);
        StringAssert.Contains(error.Message, "[abc");
    }

    [TestMethod]
    [DataRow("a//b/./c/", "a/b/c")]
    [DataRow("a/b/../c", "a/c")]
    [DataRow("../x", "../x")]
    [DataRow("", ".")]
    [DataRow("/abs/", "/abs")]
    public void CleansPathsLikeGo(string input, string expected)
    {
        Assert.AreEqual(expected, DockerIgnorePattern.CleanPath(input));
    }
}
