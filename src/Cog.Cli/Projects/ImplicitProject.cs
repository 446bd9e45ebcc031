using System.Security;

namespace Cog.Cli.Projects;

/// <summary>
/// The project written for a folder with only cog.yaml (an upstream Cog project): .cog/&lt;folder&gt;.cogproj importing the
/// SDK that ships with this cog command by path, so no package feed is needed. Rewritten only when its text changes,
/// because the project file is an input of the incremental build.
/// </summary>
public static class ImplicitProject
{
    public static string Write(string modelDirectory)
    {
        var state = Path.Combine(modelDirectory, ".cog");
        Directory.CreateDirectory(state);
        var name = new DirectoryInfo(modelDirectory).Name;
        var path = Path.Combine(state, (name.Length > 0 ? name : "model") + ".cogproj");
        var text = Render(SdkLocation.Find());
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    public static string Render(string sdkDirectory)
    {
        var sdk = SecurityElement.Escape(Path.GetFullPath(sdkDirectory).TrimEnd('/', '\\'));
        return $"""
            <!-- Written by the cog command because this folder has no .cogproj. Safe to delete; add your own .cogproj to customize. -->
            <Project>
              <PropertyGroup>
                <CogProjectDirectory>..</CogProjectDirectory>
              </PropertyGroup>
              <Import Project="{sdk}/Sdk/Sdk.props" />
              <Import Project="{sdk}/Sdk/Sdk.targets" />
            </Project>

            """;
    }
}
