namespace Cog.Build.Diagnostics;

// COG1xxx: cog.yaml, requirements, CUDA resolution, base images and Dockerfile generation.
public static partial class Messages
{
    // Locating and reading the file.
    public static readonly MessageTemplate ConfigNotFound =
        Error("COG1001", "{0} not found in {1} (or in any parent directories). Create one (see 'cog init'), or pass -f with the path of your config file.");

    public static readonly MessageTemplate ConfigUnreadable =
        Error("COG1002", "Could not read {0}: {1}.");

    public static readonly MessageTemplate ConfigInvalidYaml =
        Error("COG1003", "{0} is not valid YAML: {1}. Fix the syntax at the position shown.");

    public static readonly MessageTemplate ConfigEmpty =
        Warning("COG1004", "{0} is empty; using defaults. Add at least 'run: \"run.py:Runner\"' to describe your model.");

    public static readonly MessageTemplate ConfigMultipleDocuments =
        Error("COG1005", "{0} holds more than one YAML document; keep a single document (remove the extra '---').");

    // Shape of the document.
    public static readonly MessageTemplate ConfigUnknownKey =
        Error("COG1010", "Unknown key '{0}' in {1}. Known keys: {2}.");

    public static readonly MessageTemplate ConfigUnknownKeyDidYouMean =
        Error("COG1011", "Unknown key '{0}' in {1}. Did you mean '{2}'?");

    public static readonly MessageTemplate ConfigWrongType =
        Error("COG1012", "'{0}' must be {1}, but it is {2}.");

    public static readonly MessageTemplate ConfigDuplicateKey =
        Error("COG1013", "Key '{0}' appears more than once in {1}; keep only one.");

    // build:
    public static readonly MessageTemplate PythonVersionDefaulted =
        Warning("COG1020", "build.python_version is not set; using Python {0}. Set build.python_version in cog.yaml to choose (for example \"3.12\").");

    public static readonly MessageTemplate PythonVersionInvalid =
        Error("COG1021", "invalid build.python_version \"{0}\": {1}. Write it as MAJOR.MINOR, for example \"3.12\".");

    public static readonly MessageTemplate PythonVersionTooOld =
        Error("COG1022", "invalid build.python_version \"{0}\": the minimum supported Python version is {1}.");

    public static readonly MessageTemplate PythonRequirementsMissing =
        Error("COG1023", "build.python_requirements names '{0}', but that file does not exist ({1}). Create it or fix the path.");

    public static readonly MessageTemplate PythonPackagesDeprecated =
        Warning("COG1024", "deprecated field \"build.python_packages\": use \"build.python_requirements\" instead (a requirements.txt file next to cog.yaml).");

    public static readonly MessageTemplate PythonPackagesAndRequirements =
        Error("COG1025", "only one of build.python_packages or build.python_requirements can be set, not both. Move the packages into the requirements file.");

    public static readonly MessageTemplate RunItemCommandMissing =
        Error("COG1026", "build.run item {0} has no 'command'. Write a string, or a mapping with 'command' and optional 'mounts'.");

    public static readonly MessageTemplate RunItemMountInvalid =
        Error("COG1027", "build.run item {0} has an invalid mount: {1}. Mounts look like {{type: secret, id: my-secret, target: /run/secrets/my-secret}}.");

    public static readonly MessageTemplate RunItemNewline =
        Error("COG1028", "build.run item {0} contains a new line; Dockerfile RUN lines cannot hold one. Join the commands with '&&' or use several run items.");

    public static readonly MessageTemplate PreInstallDeprecated =
        Warning("COG1029", "deprecated field \"build.pre_install\": use \"build.run\" instead.");

    public static readonly MessageTemplate CudaInvalid =
        Error("COG1030", "invalid build.cuda \"{0}\": {1}.");

    public static readonly MessageTemplate CudnnInvalid =
        Error("COG1031", "invalid build.cudnn \"{0}\": write the cuDNN major version, for example \"8\" or \"9\".");

    public static readonly MessageTemplate SdkVersionInvalid =
        Error("COG1032", "invalid build.sdk_version \"{0}\": write a version such as \"0.17.0\" or \"prerelease\".");

    public static readonly MessageTemplate SdkVersionIgnored =
        Warning("COG1033", "build.{0} is ignored: this Cog always copies its own runtime into the image. Remove the key to silence this warning.");

    // run / predict / train / image / model
    public static readonly MessageTemplate ReferenceInvalid =
        Error("COG1040", "invalid {0} \"{1}\": must be in the form '{2}' (a Python file, a colon, and a class or function name).");

    public static readonly MessageTemplate RunAndPredictBoth =
        Error("COG1041", "only one of run or predict can be set; 'predict' is the old name of 'run'. Remove 'predict'.");

    public static readonly MessageTemplate PredictDeprecated =
        Warning("COG1042", "deprecated field \"predict\": use \"run\" instead (same value, e.g. run: \"run.py:Runner\").");

    public static readonly MessageTemplate ReferenceFileMissing =
        Error("COG1043", "{0} names '{1}', but that file does not exist ({2}). Create it or fix the reference.");

    public static readonly MessageTemplate ImageAndModelBoth =
        Error("COG1044", "only one of image or model can be set. Keep 'image' for a plain image name, 'model' for a repository with weights.");

    public static readonly MessageTemplate ModelInvalid =
        Error("COG1045", "invalid model \"{0}\": {1}.");

    public static readonly MessageTemplate ImageInvalid =
        Error("COG1046", "invalid image \"{0}\": {1}.");

    // concurrency
    public static readonly MessageTemplate ConcurrencyInvalid =
        Error("COG1050", "invalid concurrency.max \"{0}\": must be a whole number of at least 1.");

    public static readonly MessageTemplate ConcurrencyDeprecated =
        Warning("COG1051", "deprecated field \"concurrency\": use the @cog.concurrent(max=...) decorator on your runner instead.");

    public static readonly MessageTemplate ConcurrencyNeedsPython311 =
        Error("COG1052", "concurrency.max {0} needs Python 3.11 or newer, but build.python_version is {1}. Raise python_version or set max to 1.");

    public static readonly MessageTemplate ConcurrencyMaxMissing =
        Error("COG1053", "concurrency needs a 'max' value, for example concurrency: {{max: 4}}.");

    // environment
    public static readonly MessageTemplate EnvironmentMalformed =
        Error("COG1060", "invalid environment entry \"{0}\": write NAME=value, where NAME starts with a letter or '_' and holds only letters, digits and '_'.");

    public static readonly MessageTemplate EnvironmentDuplicate =
        Error("COG1061", "environment variable {0} is set more than once; keep one.");

    public static readonly MessageTemplate EnvironmentReserved =
        Error("COG1062", "environment variable {0} is reserved for internal use; choose another name.");

    // weights
    public static readonly MessageTemplate WeightsNameInvalid =
        Error("COG1070", "invalid weights name \"{0}\": use lower-case letters and digits, optionally separated by '.', '_' or '-'.");

    public static readonly MessageTemplate WeightsDuplicate =
        Error("COG1071", "weights {0} \"{1}\" is used more than once; each weights entry needs its own {0}.");

    public static readonly MessageTemplate WeightsTargetInvalid =
        Error("COG1072", "invalid weights target \"{0}\": {1}.");

    public static readonly MessageTemplate WeightsSourceInvalid =
        Error("COG1073", "invalid weights source for \"{0}\": {1}.");

    public static readonly MessageTemplate WeightsNeedModel =
        Error("COG1074", "weights need 'model' to be set (the repository the weights are published under).");

    // requirements (spec 10 §3, §5)
    public static readonly MessageTemplate TorchVersionRequired =
        Error("COG1080", "{0} version must be specified when using CUDA (build.gpu: true); pin it in requirements, for example {0}==2.5.1.");

    public static readonly MessageTemplate LocalArtifactInvalid =
        Error("COG1081", "requirement \"{0}\": {1}.");

    public static readonly MessageTemplate RequirementsCogRemoved =
        Warning("COG1082", "requirement \"{0}\" was removed: the cog runtime is copied into the image by Cog itself. Remove the line from your requirements.");

    public static readonly MessageTemplate TorchvisionNoCudaWheel =
        Warning("COG1083", "torchvision=={0} has no known wheel for CUDA {1}; it is installed from PyPI unchanged.");

    public static readonly MessageTemplate RequirementsUnreadable =
        Error("COG1084", "Could not read requirements file {0}: {1}.");

    // CUDA resolution (spec 10 §4)
    public static readonly MessageTemplate CudaUnknownForFramework =
        Error("COG1090", "cog doesn't know what CUDA version is compatible with {0}=={1}. Set the 'cuda' option in cog.yaml's build section.");

    public static readonly MessageTemplate CudaCompatibilityUnknown =
        Warning("COG1091", "Cog doesn't know if CUDA {0} is compatible with {1} {2}. This might cause CUDA problems.{3}");

    public static readonly MessageTemplate CudnnIncompatible =
        Error("COG1092", "cuDNN {0} is incompatible with {1}: {2}. Remove build.cudnn to let Cog choose, or pick a compatible one.");

    public static readonly MessageTemplate CudaNotSupported =
        Error("COG1093", "CUDA {0} is not supported by Cog. Supported CUDA versions: {1}.");

    public static readonly MessageTemplate NoCudaBaseImage =
        Error("COG1094", "no matching base image for CUDA {0} and CuDNN {1}. Set build.cuda to a supported version (for example {2}).");

    public static readonly MessageTemplate CudaIncompatibleWithTensorflow =
        Error("COG1095", "CUDA {0} is incompatible with tensorflow {1}: tensorflow {1} needs CUDA {2}. Change build.cuda or remove it.");

    // Base images (spec 10 §6 as amended)
    public static readonly MessageTemplate CogBaseUnsupported =
        Error("COG1100", "unsupported base image configuration: CUDA: {0} / Python: {1} / Torch: {2}. Turn off the cog-base image or change the versions.");

    public static readonly MessageTemplate CogBaseFallback =
        Warning("COG1101", "Could not find a suitable base image ({0}), continuing without base image support.");

    public static readonly MessageTemplate BaseImageFlagsExclusive =
        Error("COG1102", "The flags --{0} and --{1} are mutually exclusive: you can only set one of them.");

    // Dockerfile generation
    public static readonly MessageTemplate EnvironmentValueNewline =
        Error("COG1110", "environment variable {0} holds a new line, which a Dockerfile ENV line cannot carry. Remove it.");

    public static readonly MessageTemplate PythonPatchStripped =
        Warning("COG1111", "build.python_version {0} has a patch part; the cog-base image and uv use {1}.");

    public static readonly MessageTemplate CaCertificateInvalid =
        Error("COG1112", "COG_CA_CERT ({0}) cannot be used: {1}. Point it at a PEM file or a folder of .crt files.");

    public static readonly MessageTemplate SecretsNeedBuildKit =
        Error("COG1113", "build.run item {0} mounts a build secret, which only BuildKit supports. Enable BuildKit on the Docker engine or remove the mount.");
}
