using Cog.Build.Diagnostics;
using Cog.Build.Docker;

namespace Cog.IntegrationTests;

/// <summary>
/// The shared way for integration tests to reach the Docker engine. eng/test.sh always starts one (eng/setup-docker.sh),
/// so a missing engine is a failure with instructions, never a silent skip.
/// </summary>
public static class Engine
{
    /// <summary>The stand-in base image eng/offline-images.sh builds; tests build FROM it because nothing can be pulled.</summary>
    public const string PythonBaseImage = "python:3.11-slim";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DockerEngine? _engine;

    public static async Task<DockerEngine> GetAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_engine is null)
            {
                try
                {
                    _engine = await DockerEngine.ConnectAsync().ConfigureAwait(false);
                }
                catch (CogException error)
                {
                    Assert.Fail($"No Docker engine for the integration tests: {error.Message}\nRun 'bash eng/setup-docker.sh' (eng/test.sh does this).");
                }
            }

            return _engine!;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Connects and fails with instructions when the stand-in base image is missing.</summary>
    public static async Task<DockerEngine> GetWithPythonBaseAsync()
    {
        var engine = await GetAsync().ConfigureAwait(false);
        if (!await engine.ImageExistsAsync(PythonBaseImage).ConfigureAwait(false))
        {
            Assert.Fail($"The base image {PythonBaseImage} is missing. Run 'bash eng/offline-images.sh' (eng/test.sh does this).");
        }

        return engine;
    }

    /// <summary>A unique lowercase image name with the caller's prefix, e.g. <c>cogtest-engine-3f2a…</c>.</summary>
    public static string UniqueImageName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
