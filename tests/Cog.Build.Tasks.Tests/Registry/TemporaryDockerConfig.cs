namespace Cog.Build.Tasks.Tests.Registry;

/// <summary>A throwaway DOCKER_CONFIG folder plus a bin folder for fake credential helpers; never the real ~/.docker.</summary>
internal sealed class TemporaryDockerConfig : IDisposable
{
    public TemporaryDockerConfig()
    {
        Root = Path.Combine(Path.GetTempPath(), "cogtest-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(BinDirectory);
        Variables["DOCKER_CONFIG"] = ConfigDirectory;
        Variables["PATH"] = BinDirectory + Path.PathSeparator + "/usr/bin" + Path.PathSeparator + "/bin";
    }

    public string Root { get; }

    public string ConfigDirectory => Path.Combine(Root, "docker");

    public string ConfigPath => Path.Combine(ConfigDirectory, "config.json");

    public string BinDirectory => Path.Combine(Root, "bin");

    public Dictionary<string, string> Variables { get; } = new();

    public string? Environment(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public void WriteConfig(string json) => File.WriteAllText(ConfigPath, json);

    /// <summary>
    /// Installs docker-credential-NAME: 'store' saves stdin to NAME.stored, 'get' prints it back (or the not-found answer),
    /// 'fail-store' mode echoes the payload to stderr and fails, to prove secrets are scrubbed.
    /// </summary>
    public string InstallHelper(string name, bool failStore = false)
    {
        var stored = Path.Combine(Root, name + ".stored");
        var script = failStore
            ? "#!/bin/sh\ncat >&2\nexit 1\n"
            : $"#!/bin/sh\ncase \"$1\" in\n  store) cat > '{stored}' ;;\n  get) read url; echo \"$url\" > '{stored}.asked'; if [ -f '{stored}' ]; then cat '{stored}'; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n  erase) rm -f '{stored}' ;;\nesac\n";
        var path = Path.Combine(BinDirectory, "docker-credential-" + name);
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return stored;
    }

    /// <summary>The file's permission bits; null on Windows, which has none.</summary>
    public static UnixFileMode? ModeOf(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
