namespace Cog.Build.Diagnostics;

// COG3xxx: the Docker engine, build contexts, image builds, containers and schema extraction.
public static partial class Messages
{
    public static readonly MessageTemplate EngineUnreachable =
        Error("COG3001", "Cannot reach the Docker engine at {0}: {1}. Start Docker (on a Debian test machine: 'bash eng/setup-docker.sh'), or point DOCKER_HOST or the docker context at a running engine.");

    public static readonly MessageTemplate EngineTooOld =
        Error("COG3002", "The Docker engine at {0} speaks API {1}; Cog needs API 1.41 (Docker 20.10) or newer. Upgrade the engine.");

    public static readonly MessageTemplate BaseImageMissing =
        Error("COG3003", "The image '{0}' that the Dockerfile builds FROM is not in the local Docker engine, and it cannot be pulled from here. Load it into the engine ('docker load', or 'bash eng/offline-images.sh' for the python:3.11-slim stand-in), or build from an image you have with COG_BASE_IMAGE, 'cog build --base-image' or the CogBaseImage property.");

    public static readonly MessageTemplate BuildStepFailed =
        Error("COG3004", "Build step {0} failed: {1}{2}Fix the command in cog.yaml (or the file it uses) and build again.");

    public static readonly MessageTemplate EngineBuildFailed =
        Error("COG3005", "The Docker build failed: {0}");

    public static readonly MessageTemplate EngineRequestFailed =
        Error("COG3006", "The Docker engine refused to {0}: {1}");

    public static readonly MessageTemplate EngineImageNotFound =
        Error("COG3007", "The image '{0}' was not found in the Docker engine. Build it first ('cog build' or 'dotnet build').");

    public static readonly MessageTemplate BuildxMissing =
        Error("COG3008", "This build uses build secrets, which need 'docker buildx build' (a BuildKit session), but the docker CLI with buildx was not found: {0}. Install the buildx plugin, or remove the secret mounts from cog.yaml.");

    public static readonly MessageTemplate ContainerStartFailed =
        Error("COG3009", "Could not start a container from image '{0}': {1}");

    public static readonly MessageTemplate SchemaCommandFailed =
        Error("COG3010", "Could not read the model's OpenAPI schema: 'python -m cog.command.openapi_schema' in image '{0}' exited with code {1}.{2}");

    public static readonly MessageTemplate SchemaInvalid =
        Error("COG3011", "The OpenAPI schema printed by image '{0}' is not usable: {1}");

    public static readonly MessageTemplate RuntimePayloadMissing =
        Error("COG3012", "The Cog runtime package was not found at '{0}' (expected a folder holding cog/__init__.py). Reinstall Cog.Sdk, or set CogRuntimePath.");

    public static readonly MessageTemplate DockerIgnoreInvalidPattern =
        Error("COG3013", "Invalid .dockerignore pattern '{0}': {1}. Fix or remove the line.");

    public static readonly MessageTemplate ContextFileUnreadable =
        Error("COG3014", "Could not add '{0}' to the build context: {1}");

    public static readonly MessageTemplate BuildCanceled =
        Error("COG3015", "The build of '{0}' was canceled.");

    public static readonly MessageTemplate BuildxFailed =
        Error("COG3016", "'docker buildx build' failed with exit code {0}.{1}");

    public static readonly MessageTemplate EngineTlsFilesMissing =
        Error("COG3017", "DOCKER_TLS_VERIFY is set but the TLS files are missing in {0} (need ca.pem, cert.pem and key.pem). Set DOCKER_CERT_PATH to the folder holding them.");
}
