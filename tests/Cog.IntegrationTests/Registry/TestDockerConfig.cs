namespace Cog.IntegrationTests.Registry;

/// <summary>A throwaway DOCKER_CONFIG and the environment the code under test sees; the real ~/.docker is never touched.</summary>
internal sealed class TestDockerConfig : IDisposable
{
    public TestDockerConfig()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cogtest-registry-config-" + Guid.NewGuid().ToString("N"));
        Variables["DOCKER_CONFIG"] = Directory;
        Variables["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "config.json");

    public Dictionary<string, string> Variables { get; } = new();

    public string? Get(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
