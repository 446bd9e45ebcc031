namespace Cog.IntegrationTests.Cli;

/// <summary>Questions to the engine the tests ask through the docker CLI (independent of the code under test).</summary>
public static class DockerCli
{
    public static async Task<bool> ImageExistsAsync(string image) =>
        (await CogProcess.RunAsync("docker", ["image", "inspect", image], "/")).ExitCode == 0;

    public static async Task<string> LabelAsync(string image, string label) =>
        (await CogProcess.RunAsync("docker", ["image", "inspect", "--format", $"{{{{index .Config.Labels \"{label}\"}}}}", image], "/")).Stdout.Trim();

    /// <summary>
    /// Containers (running or not) that mount the folder: every dev-verb container does, so this finds leftovers of a test
    /// without matching other tests' containers of the same (cache-identical) image.
    /// </summary>
    public static async Task<string> ContainersMountingAsync(string folder)
    {
        var result = await CogProcess.RunAsync("docker", ["ps", "-a", "--no-trunc", "--format", "{{.Names}}\t{{.Mounts}}"], "/");
        return string.Join(", ", result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Split('\t').Skip(1).Any(mounts => mounts.Split(',').Contains(folder)))
            .Select(line => line.Split('\t')[0]));
    }
}
