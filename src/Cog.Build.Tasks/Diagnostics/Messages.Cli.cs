namespace Cog.Build.Diagnostics;

// COG01xx: the command line (usage) and the MSBuild door (SDK host, targets, plans handed to the cog command).
public static partial class Messages
{
    public static readonly MessageTemplate UnsupportedMSBuildHost =
        Error("COG0101", "Cog.Sdk needs the .NET MSBuild (dotnet build, SDK 8 or later) or Visual Studio with MSBuild 18 or later; this is MSBuild {0} on {1}. Build from a terminal with 'dotnet build' or upgrade Visual Studio.");

    public static readonly MessageTemplate ImageStampUnreadable =
        Error("COG0102", "Could not read the image stamp {0}: {1}. Delete it (or run 'dotnet clean') and build again.");

    public static readonly MessageTemplate UnknownCommand =
        Error("COG0110", "unknown command \"{0}\" for \"cog\". Run 'cog --help' to see the commands.");

    public static readonly MessageTemplate UnknownFlag =
        Error("COG0111", "unknown flag {0} for 'cog {1}'. Run 'cog {1} --help' to see its flags.");

    public static readonly MessageTemplate UnknownGlobalFlag =
        Error("COG0134", "unknown flag {0}. Run 'cog --help' to see the commands and flags.");

    public static readonly MessageTemplate FlagNeedsValue =
        Error("COG0112", "flag {0} needs a value, for example '{0} {1}'. Run 'cog {2} --help' to see its flags.");

    public static readonly MessageTemplate TooManyArguments =
        Error("COG0113", "'cog {0}' accepts at most {1} argument(s), received {2}: {3}. Run 'cog {0} --help'.");

    public static readonly MessageTemplate MissingArgument =
        Error("COG0114", "'cog {0}' needs {1}, for example: {2}");

    public static readonly MessageTemplate InvalidFlagValue =
        Error("COG0115", "invalid value \"{1}\" for {0}: {2}");

    public static readonly MessageTemplate InvalidPort =
        Error("COG0116", "invalid port \"{0}\": {1}. Use PORT, HOST:PORT or [IPv6]:PORT with a port between 1 and 65535.");

    public static readonly MessageTemplate InvalidGpus =
        Error("COG0117", "invalid GPU specification: \"{0}\". Use all, a count such as 1, or device=0,1.");

    public static readonly MessageTemplate InvalidImageName =
        Error("COG0118", "Invalid image name '{0}'. Did you forget `-i`? Inputs are passed as -i name=value.");

    public static readonly MessageTemplate SeveralProjects =
        Error("COG0119", "{0} holds more than one .cogproj ({1}). Keep one project per model folder, or run the project you mean with 'dotnet msbuild PROJECT -t:CogRun'.");

    public static readonly MessageTemplate DotnetNotFound =
        Error("COG0120", "could not start '{0}': {1}. Install the .NET SDK 8 or later and put dotnet on PATH (or set DOTNET_HOST_PATH).");

    public static readonly MessageTemplate MSBuildVerbFailed =
        Error("COG0121", "'dotnet msbuild -t:{0}' failed for {1}; see the errors above.");

    public static readonly MessageTemplate SdkNotFound =
        Error("COG0122", "the Cog SDK files were not found beside the cog command (looked in {0}). Reinstall cog, or set COG_SDK_DIR to the folder holding Sdk/Sdk.props.");

    public static readonly MessageTemplate PlanMissing =
        Error("COG0123", "the build did not write its container plan ({0}). Is the project a Cog.Sdk project? Its targets must include CogRun, CogTrain, CogServe and CogExec.");

    public static readonly MessageTemplate DockerCliNotFound =
        Error("COG0124", "'docker' was not found on PATH: '{0}' attached to a terminal runs the container through the docker command. Install the docker CLI, or pipe stdin to run without a terminal.");

    public static readonly MessageTemplate ContainerExitStatus =
        Error("COG0125", "container exited with status {0}");

    public static readonly MessageTemplate PredictCommandDeprecated =
        Warning("COG0126", "\"cog predict\" is deprecated, use \"cog run\"");

    public static readonly MessageTemplate ReplicateTokenMissing =
        Error("COG0127", "Failed to find REPLICATE_API_TOKEN in the current environment when called with --use-replicate-token. Export it first.");

    public static readonly MessageTemplate Interrupted =
        Error("COG0128", "interrupted; the container was stopped and removed.");

    public static readonly MessageTemplate ExecNeedsCommand =
        Error("COG0130", "CogExec needs a command: pass -p:CogCommand=\"python --version\" (or use 'cog exec CMD…').");

    public static readonly MessageTemplate ImageNotCogModel =
        Error("COG0131", "image {0}: image is not a Cog model (it has no run.cog.config label). Build it with 'cog build' or 'dotnet build'.");

    public static readonly MessageTemplate RunImageNotFound =
        Error("COG0132", "image {0}: image not found. Build it with 'cog build -t {0}', or check the name with 'docker images'.");

    public static readonly MessageTemplate UnknownPlanVerb =
        Error("COG0133", "unknown verb \"{0}\" for the container plan; use run, train, serve or exec.");
}
