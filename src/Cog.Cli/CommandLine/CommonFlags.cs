namespace Cog.Cli.CommandLine;

/// <summary>Flags shared by several verbs (spec 40 §1 build flags, §6 run flags), defined once so help stays consistent.</summary>
public static class CommonFlags
{
    public static readonly FlagSpec File = new("--file", "-f", "FILE", "The name of the config file (default cog.yaml), searched for from here upwards.");

    public static readonly FlagSpec Progress = new("--progress", null, "MODE", "Build progress output: auto, tty, plain or quiet.");

    public static readonly FlagSpec UseCudaBaseImage = new("--use-cuda-base-image", null, "auto|true|false", "Use the NVIDIA CUDA base image for GPU models (default auto).");

    public static readonly FlagSpec UseCogBaseImage = new("--use-cog-base-image", null, "true|false", "Use a pre-built Cog base image for faster cold boots.");

    public static readonly FlagSpec BaseImage = new("--base-image", null, "IMAGE", "Build FROM this image instead of the default (mirrors, air-gapped registries). Also COG_BASE_IMAGE.");

    public static readonly FlagSpec Dockerfile = new("--dockerfile", null, "FILE", "Build from this Dockerfile instead of the generated one.") { Hidden = true };

    public static readonly FlagSpec NoCache = new("--no-cache", null, null, "Do not use the build cache.");

    public static readonly FlagSpec Secret = new("--secret", null, "id=ID,src=PATH", "A build secret (BuildKit syntax); repeatable.") { Repeatable = true };

    public static readonly FlagSpec SeparateWeights = new("--separate-weights", null, null, "Put the model weights in a separate image layer set.");

    public static readonly FlagSpec OpenApiSchema = new("--openapi-schema", null, "FILE", "Use this OpenAPI schema instead of extracting one.");

    public static readonly FlagSpec Input = new("--input", "-i", "NAME=VALUE", "An input: name=value, name=@file for a file; repeat a name for a list.") { Repeatable = true };

    public static readonly FlagSpec Json = new("--json", null, "JSON", "All inputs as a JSON object: inline, @file.json, or - for stdin. Prints the full response as JSON.");

    public static readonly FlagSpec Output = new("--output", "-o", "PATH", "Where to write the output (default: output, or output.<ext> for files).");

    public static readonly FlagSpec Env = new("--env", "-e", "NAME=VALUE", "An environment variable for the container; repeatable.") { Repeatable = true };

    public static readonly FlagSpec Gpus = new("--gpus", null, "GPUS", "GPUs for the container: all, a count, or device=0,1 (default: all for GPU models).");

    public static readonly FlagSpec SetupTimeout = new("--setup-timeout", null, "SECONDS", "How long setup() may take (default 300).");

    public static readonly FlagSpec UseReplicateToken = new("--use-replicate-token", null, null, "Pass $REPLICATE_API_TOKEN to the model as context.replicate_api_token.");

    public static readonly FlagSpec Publish = new("--publish", "-p", "[HOST:]PORT", "Publish a container port on HOST:PORT (HOST defaults to 127.0.0.1); repeatable.") { Repeatable = true };

    public static IReadOnlyList<FlagSpec> DevBuild { get; } = [File, Progress, UseCudaBaseImage, UseCogBaseImage, BaseImage, Dockerfile];
}
