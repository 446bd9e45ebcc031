namespace Cog.Sdk.Tests;

/// <summary>Which MSBuild evaluates a test project.</summary>
public enum MSBuildEngine
{
    /// <summary>Microsoft.Build 17.7 from its package, loaded into the test process (older than SDK 8's MSBuild 17.8).</summary>
    Oldest,

    /// <summary><c>dotnet msbuild</c> of the installed .NET SDK, as a separate process.</summary>
    Installed,
}
