using Cog.Build.Diagnostics;

namespace Cog.Build.Predictions;

/// <summary>Where outputs go (spec 40 §6.5 "Output path"), decided before predicting so a bad path fails early.</summary>
public sealed record OutputPath(string Path, bool Explicit)
{
    /// <param name="option">The <c>-o</c> value (a leading <c>@</c> is dropped, <c>~</c> expanded), or null.</param>
    /// <param name="defaultName"><c>output</c> for run, <c>weights</c> for train.</param>
    public static OutputPath Resolve(string? option, bool jsonMode, string workingDirectory, string defaultName = "output")
    {
        var isExplicit = !string.IsNullOrEmpty(option);
        var name = isExplicit ? option!.TrimStart('@') : jsonMode ? defaultName + ".json" : defaultName;
        if (name == "~" || name.StartsWith("~/", StringComparison.Ordinal))
        {
            name = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), name.Length > 2 ? name[2..] : "");
        }

        var full = System.IO.Path.GetFullPath(name, workingDirectory);
        if (Directory.Exists(full))
        {
            if (!isExplicit)
            {
                throw Messages.DefaultOutputIsDirectory.Fail(name);
            }

            full = System.IO.Path.Combine(full, defaultName);
        }

        var directory = System.IO.Path.GetDirectoryName(full)!;
        if (!IsWritableDirectory(directory))
        {
            throw Messages.OutputDirectoryNotWritable.Fail(directory);
        }

        return new OutputPath(full, isExplicit);
    }

    private static bool IsWritableDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var probe = System.IO.Path.Combine(directory, $".cog-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
