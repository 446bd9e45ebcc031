namespace Cog.Build.Docker;

/// <summary>How to run a container. Ports are always published on 127.0.0.1 only.</summary>
public sealed record ContainerSpec(string Image)
{
    /// <summary>Container name; null lets the engine pick one.</summary>
    public string? Name { get; init; }

    /// <summary>Overrides the image's CMD; null keeps it.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Bind mounts from the host into the container.</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = Array.Empty<ContainerMount>();

    /// <summary>Container TCP ports to publish on 127.0.0.1; host port 0 lets the engine pick a free one.</summary>
    public IReadOnlyDictionary<int, int> PublishedPorts { get; init; } = new Dictionary<int, int>();

    /// <summary>Ask the engine for all GPUs (like <c>--gpus all</c>).</summary>
    public bool Gpus { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }
}

public sealed record ContainerMount(string HostPath, string ContainerPath, bool ReadOnly = false);
