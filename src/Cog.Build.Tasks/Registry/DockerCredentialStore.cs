namespace Cog.Build.Registry;

/// <summary>
/// Finds and saves registry credentials where the docker CLI keeps them: <c>credHelpers[host]</c>, else <c>credsStore</c>,
/// else base64 in config.json's <c>auths</c>. <c>COG_REGISTRY_USERNAME</c>/<c>COG_REGISTRY_PASSWORD</c> override all of them,
/// so pipelines need no config file; the .NET SDK's <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>PWORD</c> count when those are unset.
/// </summary>
public sealed class DockerCredentialStore
{
    public const string UsernameVariable = "COG_REGISTRY_USERNAME";
    public const string PasswordVariable = "COG_REGISTRY_PASSWORD";
    public const string ContainersUsernameVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string ContainersPasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    private readonly Func<string, string?> _environment;

    public DockerCredentialStore(string? configDirectory = null, Func<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
        ConfigDirectory = configDirectory ?? DockerConfigFile.DefaultDirectory(_environment);
    }

    public string ConfigDirectory { get; }

    public string ConfigPath => Path.Combine(ConfigDirectory, "config.json");

    /// <summary>Credentials for <paramref name="host"/>, or null when none are configured anywhere.</summary>
    public RegistryCredential? Resolve(string host)
    {
        foreach (var (usernameVariable, passwordVariable) in new[] { (UsernameVariable, PasswordVariable), (ContainersUsernameVariable, ContainersPasswordVariable) })
        {
            var username = _environment(usernameVariable);
            var password = _environment(passwordVariable);
            if (!string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password))
            {
                return new RegistryCredential(username!, password!, RegistryHost.ConfigKey(host));
            }
        }

        var config = DockerConfigFile.Load(ConfigDirectory);
        var helperName = config.HelperFor(host);
        if (helperName is not null)
        {
            var fromHelper = new CredentialHelper(helperName, config.FilePath, _environment).Get(RegistryHost.ConfigKey(host));
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        return config.FindAuth(host);
    }

    /// <summary>Saves <paramref name="credential"/> for <paramref name="host"/>; returns where it went, for the success message.</summary>
    public string Save(string host, string username, string secret)
    {
        var key = RegistryHost.ConfigKey(host);
        var config = DockerConfigFile.Load(ConfigDirectory);
        var helperName = config.HelperFor(host);
        if (helperName is not null)
        {
            new CredentialHelper(helperName, config.FilePath, _environment).Store(new RegistryCredential(username, secret, key));
            config.MarkStoredInHelper(host);
            config.Save();
            return "docker-credential-" + helperName;
        }

        config.SetAuth(host, username, secret);
        config.Save();
        return config.FilePath;
    }
}
