using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;

namespace Cog.Build.Registry;

/// <summary>
/// The docker CLI's config.json (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>): the parts that hold
/// credentials. Keys it does not know are kept untouched when it saves.
/// </summary>
public sealed class DockerConfigFile
{
    private readonly JsonObject _root;

    private DockerConfigFile(string path, JsonObject root)
    {
        FilePath = path;
        _root = root;
    }

    public string FilePath { get; }

    /// <summary>The default credential helper for every host (<c>credsStore</c>), or null.</summary>
    public string? CredsStore => _root["credsStore"] is JsonValue value && value.TryGetValue(out string? name) && !string.IsNullOrWhiteSpace(name) ? name : null;

    /// <summary>Per-host credential helpers (<c>credHelpers</c>), keyed as written in the file.</summary>
    public IReadOnlyDictionary<string, string> CredHelpers =>
        (_root["credHelpers"] as JsonObject)?
            .Where(pair => pair.Value is JsonValue value && value.TryGetValue(out string? _))
            .ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>(), StringComparer.Ordinal)
        ?? new Dictionary<string, string>();

    /// <summary>Hosts that have an entry under <c>auths</c>, as written in the file.</summary>
    public IReadOnlyCollection<string> AuthHosts => (_root["auths"] as JsonObject)?.Select(pair => pair.Key).ToList() ?? new List<string>();

    public static string DefaultDirectory(Func<string, string?>? environment = null)
    {
        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)("DOCKER_CONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment!;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
    }

    /// <summary>Loads config.json from <paramref name="directory"/>; a missing file is an empty config.</summary>
    public static DockerConfigFile Load(string directory)
    {
        var path = Path.Combine(directory, "config.json");
        if (!File.Exists(path))
        {
            return new DockerConfigFile(path, new JsonObject());
        }

        try
        {
            var text = File.ReadAllText(path);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new DockerConfigFile(path, new JsonObject());
            }

            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (node is not JsonObject root)
            {
                throw Messages.DockerConfigInvalid.Fail(path, "the top level is not a JSON object");
            }

            return new DockerConfigFile(path, root);
        }
        catch (JsonException error)
        {
            // JsonException messages quote positions, not values, so no secret can surface here.
            throw Messages.DockerConfigInvalid.Fail(path, error.Message);
        }
        catch (IOException error)
        {
            throw Messages.DockerConfigInvalid.Fail(path, error.Message);
        }
        catch (UnauthorizedAccessException error)
        {
            throw Messages.DockerConfigInvalid.Fail(path, error.Message);
        }
    }

    /// <summary>The credential helper that owns <paramref name="host"/>: <c>credHelpers</c> first, then <c>credsStore</c>.</summary>
    public string? HelperFor(string host)
    {
        foreach (var pair in CredHelpers)
        {
            if (RegistryHost.SameHost(pair.Key, host) && !string.IsNullOrWhiteSpace(pair.Value))
            {
                return pair.Value;
            }
        }

        return CredsStore;
    }

    /// <summary>Reads <c>auths[host]</c>: the base64 <c>auth</c> field, else plain username/password, plus an identity token.</summary>
    public RegistryCredential? FindAuth(string host)
    {
        if (_root["auths"] is not JsonObject auths)
        {
            return null;
        }

        foreach (var pair in auths)
        {
            if (!RegistryHost.SameHost(pair.Key, host) || pair.Value is not JsonObject entry)
            {
                continue;
            }

            var identityToken = StringField(entry, "identitytoken");
            if (!string.IsNullOrEmpty(identityToken))
            {
                return new RegistryCredential(RegistryCredential.IdentityTokenUsername, identityToken!, pair.Key);
            }

            var encoded = StringField(entry, "auth");
            if (!string.IsNullOrEmpty(encoded))
            {
                var decoded = DecodeAuth(encoded!, FilePath, pair.Key);
                return new RegistryCredential(decoded.Username, decoded.Secret, pair.Key);
            }

            var username = StringField(entry, "username");
            var password = StringField(entry, "password");
            if (!string.IsNullOrEmpty(username) && password is not null)
            {
                return new RegistryCredential(username!, password, pair.Key);
            }
        }

        return null;
    }

    /// <summary>Writes <c>auths[host].auth = base64(user:secret)</c>, replacing any entry for the same host.</summary>
    public void SetAuth(string host, string username, string secret)
    {
        var auths = _root["auths"] as JsonObject;
        if (auths is null)
        {
            auths = new JsonObject();
            _root["auths"] = auths;
        }

        RemoveEntries(auths, host);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + secret));
        auths[RegistryHost.ConfigKey(host)] = new JsonObject { ["auth"] = encoded };
    }

    /// <summary>Records that the helper holds this host's credentials: an empty <c>auths</c> entry, as docker login leaves.</summary>
    public void MarkStoredInHelper(string host)
    {
        var auths = _root["auths"] as JsonObject;
        if (auths is null)
        {
            auths = new JsonObject();
            _root["auths"] = auths;
        }

        RemoveEntries(auths, host);
        auths[RegistryHost.ConfigKey(host)] = new JsonObject();
    }

    /// <summary>Saves atomically with owner-only permissions (0600), creating the directory (0700) when needed.</summary>
    public void Save()
    {
        try
        {
            var directory = Path.GetDirectoryName(FilePath)!;
            if (!Directory.Exists(directory))
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var temporary = FilePath + ".tmp-" + Guid.NewGuid().ToString("N");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                _root.WriteTo(writer);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (IOException error)
        {
            throw Messages.DockerConfigWriteFailed.Fail(FilePath, error.Message);
        }
        catch (UnauthorizedAccessException error)
        {
            throw Messages.DockerConfigWriteFailed.Fail(FilePath, error.Message);
        }
    }

    private static void RemoveEntries(JsonObject auths, string host)
    {
        foreach (var key in auths.Select(pair => pair.Key).Where(key => RegistryHost.SameHost(key, host)).ToList())
        {
            auths.Remove(key);
        }
    }

    private static string? StringField(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static (string Username, string Secret) DecodeAuth(string encoded, string path, string host)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            throw Messages.DockerConfigInvalid.Fail(path, $"the 'auth' value for {host} is not base64");
        }

        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            throw Messages.DockerConfigInvalid.Fail(path, $"the 'auth' value for {host} is not 'username:password' in base64");
        }

        return (text.Substring(0, colon), text.Substring(colon + 1));
    }
}
