namespace Cog.Build.Config;

/// <summary>The <c>build:</c> section of cog.yaml.</summary>
public sealed record BuildConfig
{
    public const string DefaultPythonVersion = "3.13";

    public bool Gpu { get; init; }

    /// <summary>As written (<c>3.12</c>, <c>3.12.4</c>); <see cref="DefaultPythonVersion"/> when the user gave none.</summary>
    public string PythonVersion { get; init; } = DefaultPythonVersion;

    public bool PythonVersionDefaulted { get; init; } = true;

    /// <summary>Path as written in cog.yaml (relative to the project directory unless it starts with '/').</summary>
    public string? PythonRequirements { get; init; }

    /// <summary>Deprecated inline requirement lines (<c>python_packages:</c>).</summary>
    public IReadOnlyList<string> PythonPackages { get; init; } = [];

    public IReadOnlyList<string> SystemPackages { get; init; } = [];

    /// <summary><c>build.run</c> items followed by the deprecated <c>build.pre_install</c> items, in that order.</summary>
    public IReadOnlyList<RunCommand> Run { get; init; } = [];

    public string? Cuda { get; init; }

    public string? Cudnn { get; init; }

    /// <summary><c>build.sdk_version</c>; accepted for compatibility, the runtime always comes from the build context.</summary>
    public string? SdkVersion { get; init; }

    /// <summary><c>build.cog_runtime</c>; accepted for compatibility, our runtime is always used.</summary>
    public bool? CogRuntime { get; init; }
}
