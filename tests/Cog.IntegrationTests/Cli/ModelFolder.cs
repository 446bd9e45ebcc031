namespace Cog.IntegrationTests.Cli;

/// <summary>
/// A model folder under /tmp for one test: a copy of a sample (or empty), with the global.json and nuget.config a user of
/// the local feed would have, so `Sdk="Cog.Sdk"` resolves. Disposing deletes the folder and the images built from it.
/// </summary>
public sealed class ModelFolder : IDisposable
{
    private ModelFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The default image name of this folder (cog-&lt;folder&gt;), as the build names it.</summary>
    public string ImageName => "cog-" + Name;

    public static ModelFolder Empty(string label) =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sdkcli-{label}-{Guid.NewGuid().ToString("N")[..8]}"));

    public static ModelFolder FromSample(string sample, bool withProject = true)
    {
        var folder = Empty(sample);
        var source = System.IO.Path.Combine(CogProcess.RepoRoot, "samples", sample);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (withProject || !file.EndsWith(".cogproj", StringComparison.Ordinal))
            {
                File.Copy(file, System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(file)));
            }
        }

        if (withProject)
        {
            folder.UseLocalFeed();
        }

        return folder;
    }

    public void UseLocalFeed()
    {
        Write("global.json", $$"""{ "msbuild-sdks": { "Cog.Sdk": "{{CogProcess.SdkVersion}}" } }""");
        Write("nuget.config", $"""
            <configuration><packageSources><clear /><add key="cog-local" value="{System.IO.Path.Combine(CogProcess.RepoRoot, "artifacts", "feed")}" /></packageSources></configuration>
            """);
    }

    public string Write(string relative, string text)
    {
        var path = System.IO.Path.Combine(Path, relative);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(System.IO.Path.Combine(Path, relative));

    public bool Exists(string relative) => File.Exists(System.IO.Path.Combine(Path, relative));

    public void Dispose()
    {
        // A failed test may leave a container behind; it never outlives the folder it mounts.
        var leftovers = DockerCli.ContainersMountingAsync(Path).GetAwaiter().GetResult();
        foreach (var name in leftovers.Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            CogProcess.RunAsync("docker", ["rm", "-f", name.Split('\t')[0]], "/").GetAwaiter().GetResult();
        }

        foreach (var image in new[] { ImageName, ImageName + "-dev" })
        {
            CogProcess.RunAsync("docker", ["rmi", "-f", image], "/").GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Files written by root inside containers may linger; /tmp is cleaned eventually.
        }
    }
}
