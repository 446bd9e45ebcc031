namespace Cog.Build.Predictions;

/// <summary>What to start for a run or train (spec 40 §10): image, command, environment, the project mount and GPUs.</summary>
public sealed record ModelContainerSpec(string Image)
{
    /// <summary>Null keeps the image's default command (<c>python -m cog.server.http</c>).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Environment in order (<c>-e</c> values first, then <c>LOG_FORMAT</c> …).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>Host folder bind-mounted at <c>/src</c> (dev runs); null for release images.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>Extra read-only bind mounts, host path to container path (weights).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReadOnlyMounts { get; init; } = [];

    /// <summary><c>all</c>, a count, or <c>device=0,1</c>; null for none.</summary>
    public string? Gpus { get; init; }

    /// <summary>Container name; null lets the host choose a unique one.</summary>
    public string? Name { get; init; }

    /// <summary>Null keeps the image's working directory (<c>/src</c> in Cog images).</summary>
    public string? WorkingDirectory { get; init; }

    public int ContainerPort { get; init; } = 5000;

    /// <summary>
    /// The container of <c>cog run</c>/<c>cog train</c> (spec 40 §10): user <c>-e</c> values first, then <c>RUST_LOG</c> when
    /// set (not for train), <c>LOG_FORMAT=console</c> and the runtime's log level.
    /// </summary>
    public static ModelContainerSpec ForRun(
        string image,
        IEnumerable<KeyValuePair<string, string>> userEnvironment,
        bool training = false,
        bool debug = false,
        string? projectDirectory = null,
        string? gpus = null)
    {
        var environment = userEnvironment.ToList();
        if (!training && System.Environment.GetEnvironmentVariable("RUST_LOG") is { Length: > 0 } rustLog)
        {
            environment.Add(new("RUST_LOG", rustLog));
        }

        environment.Add(new("LOG_FORMAT", "console"));
        environment.Add(new("COG_LOG_LEVEL", debug ? "debug" : "warning"));
        return new ModelContainerSpec(image)
        {
            Command = training ? TrainCommand : null,
            Environment = environment,
            ProjectDirectory = projectDirectory,
            Gpus = string.IsNullOrEmpty(gpus) ? null : gpus,
        };
    }

    /// <summary>The command that starts the server in train mode (spec 40 §7).</summary>
    public static IReadOnlyList<string> TrainCommand { get; } = ["python", "-m", "cog.server.http", "--x-mode", "train"];
}
