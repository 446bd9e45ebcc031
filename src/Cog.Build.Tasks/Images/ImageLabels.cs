using System.Diagnostics;
using System.Reflection;

namespace Cog.Build.Images;

/// <summary>The labels Cog puts on release images, and where their values come from.</summary>
public static class ImageLabels
{
    public const string Version = "run.cog.version";
    public const string Config = "run.cog.config";
    public const string OpenApiSchema = "run.cog.openapi_schema";
    public const string PipFreeze = "run.cog.pip_freeze";
    public const string HasInit = "run.cog.has_init";
    public const string CogBaseImageName = "run.cog.cog-base-image-name";
    public const string WeightsManifest = "run.cog.weights-manifest";
    public const string OciRevision = "org.opencontainers.image.revision";
    public const string OciVersion = "org.opencontainers.image.version";

    public static string DefaultCogVersion { get; } =
        typeof(ImageLabels).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>OCI revision and version: from GitHub Actions variables, else from git in the project folder; absent when neither answers.</summary>
    public static IReadOnlyDictionary<string, string> SourceControl(string projectDirectory)
    {
        var labels = new Dictionary<string, string>();
        var revision = Environment.GetEnvironmentVariable("GITHUB_SHA") ?? Git(projectDirectory, "rev-parse", "HEAD");
        if (!string.IsNullOrEmpty(revision))
        {
            labels[OciRevision] = revision;
        }

        var version = Environment.GetEnvironmentVariable("GITHUB_REF_NAME") ?? Git(projectDirectory, "describe", "--tags", "--dirty");
        if (!string.IsNullOrEmpty(version))
        {
            labels[OciVersion] = version;
        }

        return labels;
    }

    private static string? Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
