using Cog.Build.Diagnostics;

namespace Cog.Build.Tasks;

/// <summary>
/// The incremental-build stamp (obj/cog/image.id): the image id on the first line, its name on the second. It is
/// CogBuild's Output, so MSBuild compares it against the Inputs; its content lets a no-op build report CogImageId.
/// </summary>
public sealed record ImageStamp(string ImageId, string ImageName)
{
    public static ImageStamp? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException failure)
        {
            throw Messages.ImageStampUnreadable.Fail(path, failure.Message);
        }

        return lines.Length > 0 && lines[0].Trim().Length > 0
            ? new ImageStamp(lines[0].Trim(), lines.Length > 1 ? lines[1].Trim() : "")
            : null;
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, [ImageId, ImageName]);
    }
}
