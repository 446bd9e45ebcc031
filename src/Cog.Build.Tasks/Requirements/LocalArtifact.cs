namespace Cog.Build.Requirements;

/// <summary>A local wheel/archive named in requirements: staged into the build context and installed from <see cref="ImagePath"/>.</summary>
public sealed record LocalArtifact(string SourcePath, string ProjectRelativePath)
{
    public const string ContextDirectory = ".cog/local_package_artifacts";

    public const string ImageDirectory = "/tmp/local_package_artifacts";

    /// <summary>Where the engine puts the file in the build context.</summary>
    public string ContextPath => ContextDirectory + "/" + ProjectRelativePath;

    /// <summary>Where pip finds it inside the image.</summary>
    public string ImagePath => ImageDirectory + "/" + ProjectRelativePath;
}
