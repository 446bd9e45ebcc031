using System.Globalization;
using System.Text.RegularExpressions;
using Cog.Build.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cog.Build.Config;

/// <summary>
/// Walks the YAML tree of one cog.yaml, building the <see cref="CogConfig"/> and collecting every problem with its position.
/// </summary>
internal sealed partial class CogConfigReader
{
    private static readonly string[] TopLevelKeys =
        ["build", "image", "model", "run", "predict", "train", "concurrency", "environment", "weights"];

    private static readonly string[] BuildKeys =
    [
        "gpu", "python_version", "python_requirements", "python_packages", "system_packages", "run", "pre_install", "cuda", "cudnn",
        "sdk_version", "cog_runtime",
    ];

    private readonly string fileName;
    private readonly string? projectDirectory;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Dictionary<string, ConfigPosition> positions = new(StringComparer.Ordinal);

    public CogConfigReader(string fileName, string? projectDirectory)
    {
        this.fileName = fileName;
        this.projectDirectory = projectDirectory;
    }

    private string DisplayName => Path.GetFileName(fileName);

    public ConfigLoadResult Read(string text)
    {
        var root = Parse(text);
        var config = root is null ? new CogConfig() : ReadRoot(root);
        config = config with { Source = new ConfigSource(fileName, projectDirectory, positions) };
        return new ConfigLoadResult(config, diagnostics);
    }

    private YamlNode? Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            ReportYamlException(text, e);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way when the text ends inside an open bracket or quote.
            var lastLine = text.TrimEnd().Split('\n').Length;
            diagnostics.Add(Messages.ConfigInvalidYaml.Create(DisplayName, "the file ends inside an unclosed bracket or quote").At(fileName, lastLine, 1));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Report(Messages.ConfigMultipleDocuments.Create(DisplayName), stream.Documents[1].RootNode);
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is null || IsNull(root))
        {
            diagnostics.Add(Messages.ConfigEmpty.Create(DisplayName).At(fileName));
            diagnostics.Add(Messages.PythonVersionDefaulted.Create(BuildConfig.DefaultPythonVersion).At(fileName));
            return null;
        }

        return root;
    }

    private void ReportYamlException(string text, YamlException e)
    {
        var line = (int)e.Start.Line;
        var column = (int)e.Start.Column;
        if (e.Message.Contains("Duplicate key", StringComparison.Ordinal))
        {
            diagnostics.Add(Messages.ConfigDuplicateKey.Create(KeyTextAt(text, line, column), "the same mapping").At(fileName, line, column));
            return;
        }

        var reason = (e.InnerException?.Message ?? e.Message).TrimEnd('.');
        diagnostics.Add(Messages.ConfigInvalidYaml.Create(DisplayName, reason).At(fileName, line, column));
    }

    private static string KeyTextAt(string text, int line, int column)
    {
        var lines = text.Split('\n');
        if (line < 1 || line > lines.Length)
        {
            return "?";
        }

        var rest = lines[line - 1][Math.Min(Math.Max(column - 1, 0), lines[line - 1].Length)..];
        var colon = rest.IndexOf(':');
        return (colon >= 0 ? rest[..colon] : rest).Trim().Trim('"', '\'');
    }

    private CogConfig ReadRoot(YamlNode root)
    {
        if (root is not YamlMappingNode map)
        {
            WrongType(DisplayName, "a mapping of keys such as build and run", root);
            return new CogConfig();
        }

        var entries = Entries(map, string.Empty, TopLevelKeys, BuildKeys);
        var config = new CogConfig();
        var build = entries.TryGetValue("build", out var buildNode) ? ReadBuild(buildNode) : null;
        if (build is null)
        {
            Report(Messages.PythonVersionDefaulted.Create(BuildConfig.DefaultPythonVersion), buildNode ?? root);
            build = new BuildConfig();
        }

        config = config with { Build = build };

        var run = entries.TryGetValue("run", out var runNode) ? ReadReference("run", runNode, "run.py:Runner") : null;
        var predict = entries.TryGetValue("predict", out var predictNode) ? ReadReference("predict", predictNode, "predict.py:Predictor") : null;
        if (!string.IsNullOrEmpty(run) && !string.IsNullOrEmpty(predict))
        {
            Report(Messages.RunAndPredictBoth.Create(), predictNode!);
        }
        else if (!string.IsNullOrEmpty(predict))
        {
            Report(Messages.PredictDeprecated.Create(), predictNode!);
        }

        config = string.IsNullOrEmpty(run) && !string.IsNullOrEmpty(predict)
            ? config with { Run = predict, RunFromPredictKey = true }
            : config with { Run = string.IsNullOrEmpty(run) ? null : run };

        if (entries.TryGetValue("train", out var trainNode))
        {
            var train = ReadReference("train", trainNode, "train.py:Trainer");
            config = config with { Train = string.IsNullOrEmpty(train) ? null : train };
        }

        if (entries.TryGetValue("image", out var imageNode))
        {
            config = config with { Image = ReadImage(imageNode) };
        }

        if (entries.TryGetValue("model", out var modelNode))
        {
            config = config with { Model = ReadModel(modelNode) };
        }

        if (config.Image is not null && config.Model is not null)
        {
            Report(Messages.ImageAndModelBoth.Create(), modelNode!);
        }

        if (entries.TryGetValue("concurrency", out var concurrencyNode))
        {
            config = config with { Concurrency = ReadConcurrency(concurrencyNode, build) };
        }

        if (entries.TryGetValue("environment", out var environmentNode))
        {
            config = config with { Environment = ReadEnvironment(environmentNode) };
        }

        if (entries.TryGetValue("weights", out var weightsNode))
        {
            config = config with { Weights = ReadWeights(weightsNode) };
            if (config.Weights.Count > 0 && config.Model is null)
            {
                Report(Messages.WeightsNeedModel.Create(), weightsNode);
            }
        }

        return config;
    }

    private BuildConfig? ReadBuild(YamlNode node)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            WrongType("build", "a mapping", node);
            return null;
        }

        var entries = Entries(map, "build", BuildKeys, TopLevelKeys);
        var build = new BuildConfig();

        if (entries.TryGetValue("gpu", out var gpu))
        {
            build = build with { Gpu = ReadBool("build.gpu", gpu) ?? false };
        }

        if (entries.TryGetValue("python_version", out var pythonNode) && ReadScalar("build.python_version", pythonNode) is { } python)
        {
            ValidatePythonVersion(python, pythonNode);
            build = build with { PythonVersion = python, PythonVersionDefaulted = false };
        }
        else
        {
            Report(Messages.PythonVersionDefaulted.Create(BuildConfig.DefaultPythonVersion), pythonNode ?? node);
        }

        if (entries.TryGetValue("python_requirements", out var requirementsNode)
            && ReadScalar("build.python_requirements", requirementsNode) is { Length: > 0 } requirements)
        {
            CheckFileExists(requirements, requirementsNode, (shown, where) => Messages.PythonRequirementsMissing.Create(shown, where));
            build = build with { PythonRequirements = requirements };
        }

        if (entries.TryGetValue("python_packages", out var packagesNode))
        {
            build = build with { PythonPackages = ReadStringList("build.python_packages", packagesNode) };
            Report(Messages.PythonPackagesDeprecated.Create(), packagesNode);
            if (build.PythonRequirements is not null && build.PythonPackages.Count > 0)
            {
                Report(Messages.PythonPackagesAndRequirements.Create(), packagesNode);
            }
        }

        if (entries.TryGetValue("system_packages", out var systemNode))
        {
            build = build with { SystemPackages = ReadStringList("build.system_packages", systemNode) };
        }

        var runItems = new List<RunCommand>();
        if (entries.TryGetValue("run", out var runNode))
        {
            runItems.AddRange(ReadRunItems("build.run", runNode));
        }

        if (entries.TryGetValue("pre_install", out var preInstallNode))
        {
            Report(Messages.PreInstallDeprecated.Create(), preInstallNode);
            runItems.AddRange(ReadRunItems("build.pre_install", preInstallNode));
        }

        build = build with { Run = runItems };

        if (entries.TryGetValue("cuda", out var cudaNode) && ReadScalar("build.cuda", cudaNode) is { } cuda)
        {
            ValidateCuda(cuda, cudaNode);
            build = build with { Cuda = cuda };
        }

        if (entries.TryGetValue("cudnn", out var cudnnNode) && ReadScalar("build.cudnn", cudnnNode) is { } cudnn)
        {
            if (!Regex.IsMatch(cudnn, @"^[0-9]+(\.[0-9]+){0,2}$"))
            {
                Report(Messages.CudnnInvalid.Create(cudnn), cudnnNode);
            }

            build = build with { Cudnn = cudnn };
        }

        if (entries.TryGetValue("sdk_version", out var sdkNode) && ReadScalar("build.sdk_version", sdkNode) is { } sdk)
        {
            Report(
                IsSdkVersion(sdk) ? Messages.SdkVersionIgnored.Create("sdk_version") : Messages.SdkVersionInvalid.Create(sdk),
                sdkNode);
            build = build with { SdkVersion = sdk };
        }

        if (entries.TryGetValue("cog_runtime", out var runtimeNode))
        {
            build = build with { CogRuntime = ReadBool("build.cog_runtime", runtimeNode) };
        }

        return build;
    }

    private void ValidatePythonVersion(string python, YamlNode node)
    {
        var parts = python.Split('.');
        if (parts.Length < 2)
        {
            Report(Messages.PythonVersionInvalid.Create(python, "missing the minor version"), node);
        }
        else if (parts.Length > 3 || parts.Any(p => !IsUnsignedInt(p)))
        {
            Report(Messages.PythonVersionInvalid.Create(python, "every part must be a whole number"), node);
        }
        else if (int.Parse(parts[0], CultureInfo.InvariantCulture) < 3
            || (int.Parse(parts[0], CultureInfo.InvariantCulture) == 3 && int.Parse(parts[1], CultureInfo.InvariantCulture) < 10))
        {
            Report(Messages.PythonVersionTooOld.Create(python, "3.10"), node);
        }
    }

    private void ValidateCuda(string cuda, YamlNode node)
    {
        var parts = cuda.Split('.');
        if (parts.Length < 2)
        {
            Report(Messages.CudaInvalid.Create(cuda, "write MAJOR.MINOR, for example \"12.1\""), node);
        }
        else if (parts.Length > 3 || parts.Any(p => !IsUnsignedInt(p)))
        {
            Report(Messages.CudaInvalid.Create(cuda, "every part must be a whole number, for example \"12.1\""), node);
        }
        else if (int.Parse(parts[0], CultureInfo.InvariantCulture) < 11)
        {
            Report(Messages.CudaInvalid.Create(cuda, "the minimum supported CUDA major version is 11"), node);
        }
    }

    private static bool IsSdkVersion(string value) =>
        value == "prerelease"
        || Regex.IsMatch(value, @"^v?[0-9]+(\.[0-9]+)*((a|b|rc|alpha|beta)[0-9]*)?(\.?post[0-9]*)?(\.?dev[0-9]*)?(\+[A-Za-z0-9.]+)?$", RegexOptions.IgnoreCase);

    private List<RunCommand> ReadRunItems(string path, YamlNode node)
    {
        var items = new List<RunCommand>();
        if (IsNull(node))
        {
            return items;
        }

        if (node is not YamlSequenceNode sequence)
        {
            WrongType(path, "a list of commands", node);
            return items;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = sequence.Children[i];
            Remember(itemPath, item);
            var command = item switch
            {
                YamlScalarNode scalar when !IsNull(scalar) => new RunCommand(scalar.Value ?? string.Empty),
                YamlMappingNode map => ReadRunMapping(itemPath, map),
                _ => null,
            };

            if (command is null)
            {
                if (item is not YamlMappingNode)
                {
                    WrongType(itemPath, "a command string or a mapping with 'command'", item);
                }

                continue;
            }

            if (command.Command.Trim().Contains('\n'))
            {
                Report(Messages.RunItemNewline.Create(itemPath), item);
            }

            items.Add(command);
        }

        return items;
    }

    private RunCommand? ReadRunMapping(string path, YamlMappingNode map)
    {
        var entries = Entries(map, path, ["command", "mounts"], []);
        var command = entries.TryGetValue("command", out var commandNode) ? ReadScalar(path + ".command", commandNode) : null;
        if (string.IsNullOrWhiteSpace(command))
        {
            Report(Messages.RunItemCommandMissing.Create(path), map);
            return null;
        }

        var mounts = new List<SecretMount>();
        if (entries.TryGetValue("mounts", out var mountsNode) && !IsNull(mountsNode))
        {
            if (mountsNode is not YamlSequenceNode mountList)
            {
                WrongType(path + ".mounts", "a list of mounts", mountsNode);
            }
            else
            {
                for (var i = 0; i < mountList.Children.Count; i++)
                {
                    if (ReadMount($"{path}.mounts[{i}]", path, mountList.Children[i]) is { } mount)
                    {
                        mounts.Add(mount);
                    }
                }
            }
        }

        return new RunCommand(command, mounts);
    }

    private SecretMount? ReadMount(string path, string itemPath, YamlNode node)
    {
        Remember(path, node);
        if (node is not YamlMappingNode map)
        {
            WrongType(path, "a mapping with type, id and target", node);
            return null;
        }

        var entries = Entries(map, path, ["type", "id", "target"], []);
        var type = entries.TryGetValue("type", out var typeNode) ? ReadScalar(path + ".type", typeNode) : null;
        var id = entries.TryGetValue("id", out var idNode) ? ReadScalar(path + ".id", idNode) : null;
        var target = entries.TryGetValue("target", out var targetNode) ? ReadScalar(path + ".target", targetNode) : null;
        if (type != "secret")
        {
            Report(Messages.RunItemMountInvalid.Create(itemPath, type is null ? "'type' is missing" : $"type \"{type}\" is not supported, only \"secret\""), typeNode ?? node);
            return null;
        }

        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(target))
        {
            Report(Messages.RunItemMountInvalid.Create(itemPath, string.IsNullOrWhiteSpace(id) ? "'id' is missing" : "'target' is missing"), node);
            return null;
        }

        return new SecretMount(id, target);
    }

    private string? ReadReference(string key, YamlNode node, string example)
    {
        var value = ReadScalar(key, node);
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var parts = value.Split(".py:");
        if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
        {
            Report(Messages.ReferenceInvalid.Create(key, value, example), node);
            return value;
        }

        CheckFileExists(parts[0] + ".py", node, (shown, where) => Messages.ReferenceFileMissing.Create(key, shown, where));
        return value;
    }

    private string? ReadImage(YamlNode node)
    {
        var image = ReadScalar("image", node);
        if (image is not null && (image.Trim().Length == 0 || image.Any(char.IsWhiteSpace)))
        {
            Report(Messages.ImageInvalid.Create(image, "an image name cannot be blank or contain spaces"), node);
        }

        return string.IsNullOrEmpty(image) ? null : image;
    }

    private string? ReadModel(YamlNode node)
    {
        var model = ReadScalar("model", node);
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        var lastSegment = model[(model.LastIndexOf('/') + 1)..];
        if (model.Contains('@') || lastSegment.Contains(':'))
        {
            Report(Messages.ModelInvalid.Create(model, "write a bare repository such as r8.im/owner/name, without a tag or digest"), node);
        }
        else if (model.Any(char.IsWhiteSpace))
        {
            Report(Messages.ModelInvalid.Create(model, "a repository name cannot contain spaces"), node);
        }

        return model;
    }

    private ConcurrencyConfig? ReadConcurrency(YamlNode node, BuildConfig build)
    {
        if (IsNull(node))
        {
            return null;
        }

        Report(Messages.ConcurrencyDeprecated.Create(), node);
        if (node is not YamlMappingNode map)
        {
            WrongType("concurrency", "a mapping with 'max'", node);
            return null;
        }

        var entries = Entries(map, "concurrency", ["max", "default_target"], []);
        int? defaultTarget = entries.TryGetValue("default_target", out var targetNode) ? ReadInt("concurrency.default_target", targetNode) : null;
        if (!entries.TryGetValue("max", out var maxNode))
        {
            Report(Messages.ConcurrencyMaxMissing.Create(), node);
            return null;
        }

        var text = ReadScalar("concurrency.max", maxNode);
        if (text is null)
        {
            Report(Messages.ConcurrencyMaxMissing.Create(), maxNode);
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) || max < 1)
        {
            Report(Messages.ConcurrencyInvalid.Create(text), maxNode);
            return null;
        }

        if (max > 1 && !build.PythonVersionDefaulted && IsPythonBelow311(build.PythonVersion))
        {
            Report(Messages.ConcurrencyNeedsPython311.Create(max, build.PythonVersion), maxNode);
        }

        return new ConcurrencyConfig(max, defaultTarget);
    }

    private static bool IsPythonBelow311(string python)
    {
        var parts = python.Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && (major < 3 || (major == 3 && minor < 11));
    }

    private List<EnvironmentVariable> ReadEnvironment(YamlNode node)
    {
        var result = new List<EnvironmentVariable>();
        if (IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            WrongType("environment", "a list of NAME=value strings", node);
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var path = $"environment[{i}]";
            Remember(path, item);
            var entry = ReadScalar(path, item);
            if (entry is null)
            {
                continue;
            }

            if (!Regex.IsMatch(entry, "^[A-Za-z_][A-Za-z0-9_]*=", RegexOptions.CultureInvariant))
            {
                Report(Messages.EnvironmentMalformed.Create(entry), item);
                continue;
            }

            var equals = entry.IndexOf('=');
            var name = entry[..equals];
            if (!seen.Add(name))
            {
                Report(Messages.EnvironmentDuplicate.Create(name), item);
                continue;
            }

            if (ReservedEnvironment.IsReserved(name))
            {
                Report(Messages.EnvironmentReserved.Create(name), item);
                continue;
            }

            result.Add(new EnvironmentVariable(name, entry[(equals + 1)..]));
        }

        return result;
    }

    private void CheckFileExists(string relative, YamlNode node, Func<string, string, Diagnostic> create)
    {
        if (projectDirectory is null)
        {
            return;
        }

        var full = Path.IsPathRooted(relative) ? relative : Path.GetFullPath(Path.Combine(projectDirectory, relative));
        if (!File.Exists(full))
        {
            Report(create(relative, "looked for " + full), node);
        }
    }
}
