namespace Cog.Build.Registry;

/// <summary>Registry host names as the docker CLI treats them: which part of a reference is the host, and how config keys match it.</summary>
public static class RegistryHost
{
    public const string DockerHub = "docker.io";

    public const string Replicate = "r8.im";

    // The key docker login has always used for Docker Hub in config.json.
    internal const string DockerHubConfigKey = "https://index.docker.io/v1/";

    /// <summary>The configured Replicate registry host: <c>--registry</c> first, then <c>COG_REGISTRY_HOST</c>, then r8.im.</summary>
    public static string ReplicateHost(string? registryOption, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(registryOption))
        {
            return registryOption!.Trim();
        }

        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)("COG_REGISTRY_HOST");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Replicate : fromEnvironment!.Trim();
    }

    /// <summary>Strips a scheme and trailing path, lower-cases, and folds Docker Hub's aliases into <c>docker.io</c>.</summary>
    public static string Normalize(string host)
    {
        var value = host.Trim();
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            value = value.Substring(schemeEnd + 3);
        }

        var slash = value.IndexOf('/');
        if (slash >= 0)
        {
            value = value.Substring(0, slash);
        }

        value = value.ToLowerInvariant();
        return value is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? DockerHub : value;
    }

    /// <summary>The key under which the docker CLI stores this host in config.json and credential helpers.</summary>
    public static string ConfigKey(string host)
    {
        var normalized = Normalize(host);
        return normalized == DockerHub ? DockerHubConfigKey : normalized;
    }

    public static bool SameHost(string left, string right) =>
        string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    /// <summary>Loopback registries speak plain HTTP (dockerd allows 127.0.0.0/8 as insecure); an explicit scheme wins.</summary>
    public static Uri BaseUri(string host)
    {
        var value = host.Trim().TrimEnd('/');
        if (value.Contains("://"))
        {
            return new Uri(value + "/");
        }

        // Docker Hub's registry API lives on its own host; docker.io is only the name references use.
        if (Normalize(value) == DockerHub)
        {
            return new Uri("https://registry-1.docker.io/");
        }

        return new Uri((IsLoopback(value) ? "http://" : "https://") + value + "/");
    }

    public static bool IsLoopback(string host)
    {
        var name = Normalize(host);
        if (name.StartsWith("[", StringComparison.Ordinal))
        {
            return name.StartsWith("[::1]", StringComparison.Ordinal);
        }

        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name.Substring(0, colon);
        }

        return name == "localhost" || name.StartsWith("127.", StringComparison.Ordinal);
    }
}
