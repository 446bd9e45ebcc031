namespace Cog.Build.Diagnostics;

// COG4xxx: registries, credentials, login and push. No row ever takes a password or token as an argument.
public static partial class Messages
{
    public static readonly MessageTemplate PushImageMissing =
        Error("COG4001", "To push images, set the 'image' option in cog.yaml, set the CogImage property, or pass an image name as an argument. For example: 'cog push registry.example.com/your-username/model-name'.");

    public static readonly MessageTemplate ImageReferenceInvalid =
        Error("COG4002", "'{0}' is not a valid image reference: {1}. Use the form [registry/]owner/name[:tag].");

    public static readonly MessageTemplate DockerConfigInvalid =
        Error("COG4003", "The Docker config file '{0}' could not be read: {1}. Fix or remove the file and try again.");

    public static readonly MessageTemplate CredentialHelperMissing =
        Error("COG4004", "The Docker credential helper 'docker-credential-{0}' named in '{1}' was not found on PATH. Install it, or remove '{0}' from the config file.");

    public static readonly MessageTemplate CredentialHelperFailed =
        Error("COG4005", "The Docker credential helper 'docker-credential-{0}' failed to {1} credentials for {2}: {3}");

    public static readonly MessageTemplate RegistryUnreachable =
        Error("COG4006", "Could not reach the registry at {0}: {1}. Check the host name and your network, then try again.");

    public static readonly MessageTemplate LoginRejected =
        Error("COG4007", "The registry {0} rejected the username and password for '{1}'. Nothing was stored. Check the credentials and run the login again.");

    public static readonly MessageTemplate LoginUnexpectedStatus =
        Error("COG4008", "The registry {0} answered its login check with HTTP {1}. Nothing was stored.");

    public static readonly MessageTemplate LoginUsernameEmpty =
        Error("COG4009", "The username cannot be empty. Pass it with -u/--username.");

    public static readonly MessageTemplate LoginPasswordEmpty =
        Error("COG4010", "The password cannot be empty. Pipe it in with --password-stdin, for example: 'echo \"$TOKEN\" | cog login {0} -u USER --password-stdin'.");

    public static readonly MessageTemplate ReplicateNotRegistry =
        Error("COG4011", "{0} is not the Replicate registry (it has no token endpoint). Log in with 'cog login {0} -u USER --password-stdin' instead.");

    public static readonly MessageTemplate ReplicateUnexpectedStatus =
        Error("COG4012", "{0} returned HTTP status {1} for {2}.");

    public static readonly MessageTemplate ReplicateTokenIsApiToken =
        Error("COG4013", "That looks like a Replicate API token, not a CLI auth token. Fetch a CLI token from https://replicate.com/auth/token to log in.");

    public static readonly MessageTemplate ReplicateTokenEmpty =
        Error("COG4014", "The token is empty. Pass it with --token-stdin or paste it at the prompt.");

    public static readonly MessageTemplate ReplicateUserUnknown =
        Error("COG4015", "{0} does not know the user for this token. Fetch a fresh token and log in again.");

    public static readonly MessageTemplate ReplicateModelUnknown =
        Error("COG4016", "Unable to find an existing Replicate model for {0}. Create the model on replicate.com first, or set REPLICATE_API_TOKEN (or run 'cog login') so that cog push can create it for you. If you run cog with sudo, it may be using another user's credentials.");

    public static readonly MessageTemplate ReplicateModelCreateFailed =
        Error("COG4017", "Could not create the Replicate model {0}: the API at {1} answered HTTP {2}: {3}");

    public static readonly MessageTemplate PushUnauthorized =
        Error("COG4018", "Authorization failed pushing {0}: {1}. Log in with 'cog login {2}' (or set COG_REGISTRY_USERNAME and COG_REGISTRY_PASSWORD) and try again.");

    public static readonly MessageTemplate PushFailed =
        Error("COG4019", "Failed to push image {0}: {1}");

    public static readonly MessageTemplate PushImageNotFound =
        Error("COG4020", "The image {0} does not exist in the Docker engine. Build it first (cog build or dotnet build).");

    public static readonly MessageTemplate PushNoDigest =
        Error("COG4021", "The engine finished pushing {0} but reported no digest. The push may be incomplete; run it again.");

    public static readonly MessageTemplate ModelVisibilityInvalid =
        Error("COG4022", "'{0}' is not a model visibility. Use 'public' or 'private'.");

    public static readonly MessageTemplate RegistryCheckFailed =
        Error("COG4023", "Could not check whether {0} exists in the registry: HTTP {1}. {2}");

    public static readonly MessageTemplate DockerConfigWriteFailed =
        Error("COG4024", "Could not write the Docker config file '{0}': {1}. Check its permissions.");
}
