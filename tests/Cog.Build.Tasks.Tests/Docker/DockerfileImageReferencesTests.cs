using Cog.Build.Docker;

namespace Cog.Build.Tasks.Tests.Docker;

[TestClass]
public sealed class DockerfileImageReferencesTests
{
    [TestMethod]
    public void FindsBaseAndCopyFromImagesButNotStagesOrScratch()
    {
        var dockerfile = """
            # FROM commented:out
            FROM my-weights:1 AS weights
            FROM --platform=linux/amd64 python:3.11-slim AS deps
            COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /usr/local/bin/
            COPY --from=weights --link /src/w /src/w
            FROM scratch
            FROM deps
            COPY --from=0 /a /b
            FROM ${BASE}
            RUN echo \
              FROM not-an-instruction
            """;

        CollectionAssert.AreEqual(new[] { "my-weights:1", "python:3.11-slim", "ghcr.io/astral-sh/uv:0.9" }, DockerfileImageReferences.Find(dockerfile).ToArray());
    }
}
