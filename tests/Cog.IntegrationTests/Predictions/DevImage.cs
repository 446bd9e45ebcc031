using Cog.Build.Docker;
using Cog.Build.Dockerfile;

namespace Cog.IntegrationTests.Predictions;

/// <summary>
/// A minimal stand-in for a dev image: the offline Python base plus this checkout's runtime, workdir /src, the server as
/// its command. Built once per test run (engine cache makes rebuilds instant) and removed by the test class that built it.
/// </summary>
internal static class DevImage
{
    private const string Dockerfile = """
        FROM python:3.11-slim
        COPY runtime/cog /opt/cog/python/cog
        ENV PYTHONPATH=/opt/cog/python PYTHONDONTWRITEBYTECODE=1
        WORKDIR /src
        EXPOSE 5000
        CMD ["python", "-m", "cog.server.http"]
        """;

    public static async Task<string> BuildAsync(DockerEngine engine, string name)
    {
        var context = BuildContext.GeneratedOnly()
            .AddDirectory("runtime/cog", Path.Combine(Fixtures.RuntimePath, "cog"))
            .AddText("Dockerfile", Dockerfile);
        await engine.BuildAsync(new BuildRequest(context, "Dockerfile") { DockerfileText = Dockerfile, Tags = [name] });
        return name;
    }
}
