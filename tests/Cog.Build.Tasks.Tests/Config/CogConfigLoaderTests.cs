using Cog.Build.Config;

namespace Cog.Build.Tasks.Tests.Config;

[TestClass]
public sealed class CogConfigLoaderTests
{
    private const string Full = """
        build:
          gpu: true
          python_version: "3.12"
          system_packages:
            - ffmpeg
            - libgl1
          run:
            - echo hello
            - command: pip download x
              mounts:
                - type: secret
                  id: hf
                  target: /run/secrets/hf
          cuda: "12.8"
          cudnn: "9"
        image: r8.im/me/model
        run: run.py:Runner
        train: train.py:Trainer
        environment:
          - MODEL_DIR=/src/m
          - GREETING=a=b
        """;

    [TestMethod]
    public void ReadsEveryCommonField()
    {
        var config = ConfigAssert.LoadValid(Full);
        Assert.IsTrue(config.Build.Gpu);
        Assert.AreEqual("3.12", config.Build.PythonVersion);
        Assert.IsFalse(config.Build.PythonVersionDefaulted);
        CollectionAssert.AreEqual(new[] { "ffmpeg", "libgl1" }, config.Build.SystemPackages.ToArray());
        Assert.AreEqual(2, config.Build.Run.Count);
        Assert.AreEqual("echo hello", config.Build.Run[0].Command);
        Assert.AreEqual(new SecretMount("hf", "/run/secrets/hf"), config.Build.Run[1].Mounts.Single());
        Assert.AreEqual("12.8", config.Build.Cuda);
        Assert.AreEqual("9", config.Build.Cudnn);
        Assert.AreEqual("r8.im/me/model", config.Image);
        Assert.AreEqual("run.py:Runner", config.Run);
        Assert.AreEqual("train.py:Trainer", config.Train);
        Assert.AreEqual(new EnvironmentVariable("GREETING", "a=b"), config.Environment[1]);
    }

    [TestMethod]
    public void NumericPythonVersionKeepsItsRawText()
    {
        var config = ConfigAssert.LoadValid("build:\n  python_version: 3.10\n");
        Assert.AreEqual("3.10", config.Build.PythonVersion);
    }

    [TestMethod]
    public void MissingPythonVersionDefaultsTo313WithAWarning()
    {
        var result = ConfigAssert.Load("run: run.py:Runner\n");
        Assert.IsFalse(result.HasErrors);
        Assert.AreEqual("3.13", result.Config.Build.PythonVersion);
        Assert.IsTrue(result.Config.Build.PythonVersionDefaulted);
        ConfigAssert.Single(result, "COG1020");
    }

    [TestMethod]
    public void EmptyFileIsAWarningNotAnError()
    {
        var result = ConfigAssert.Load("");
        Assert.IsFalse(result.HasErrors);
        ConfigAssert.Single(result, "COG1004");
        Assert.IsNull(result.Config.Run);
    }

    [TestMethod]
    public void UnknownKeySuggestsTheNearestWithPosition()
    {
        var result = ConfigAssert.Load("build:\n  python_version: \"3.12\"\n  pyhton_requirements: r.txt\n");
        var d = ConfigAssert.Single(result, "COG1011");
        Assert.AreEqual("cog.yaml(3,3): error COG1011: Unknown key 'pyhton_requirements' in 'build'. Did you mean 'python_requirements'?", d.ToString());
    }

    [TestMethod]
    public void BuildKeyAtTopLevelPointsIntoBuild()
    {
        var d = ConfigAssert.Single(ConfigAssert.Load("gpu: true\n"), "COG1011");
        StringAssert.Contains(d.Message, "'build.gpu'");
    }

    [TestMethod]
    public void UnknownKeyWithoutNeighbourListsKnownKeys()
    {
        var d = ConfigAssert.Single(ConfigAssert.Load("frobnicate: 1\n"), "COG1010");
        StringAssert.Contains(d.Message, "build, image");
        Assert.AreEqual(1, d.Line);
    }

    [TestMethod]
    public void WrongTypesAreNamedWithWhatWasFound()
    {
        var result = ConfigAssert.Load("build:\n  gpu: maybe\n  python_version: \"3.12\"\n  system_packages: ffmpeg\nenvironment: {A: b}\n");
        var errors = result.Errors.Where(e => e.Code == "COG1012").ToList();
        Assert.AreEqual(3, errors.Count, string.Join("\n", result.Diagnostics));
        Assert.AreEqual("'build.gpu' must be a boolean (true or false), but it is \"maybe\".", errors[0].Message);
        Assert.AreEqual((2, 8), (errors[0].Line, errors[0].Column));
        StringAssert.Contains(errors[1].Message, "'build.system_packages' must be a list of strings");
        StringAssert.Contains(errors[2].Message, "but it is a mapping");
    }

    [TestMethod]
    public void QuotedTrueIsNotABoolean()
    {
        ConfigAssert.Single(ConfigAssert.Load("build:\n  gpu: \"true\"\n  python_version: '3.12'\n"), "COG1012");
    }

    [TestMethod]
    public void MalformedYamlReportsPosition()
    {
        var d = ConfigAssert.Single(ConfigAssert.Load("build:\n  gpu: [true\nrun: x\n"), "COG1003");
        Assert.IsTrue(d.IsError);
        Assert.IsTrue(d.Line > 0, d.ToString());
        StringAssert.StartsWith(d.Message, "cog.yaml is not valid YAML:");
    }

    [TestMethod]
    public void DuplicateKeyIsReported()
    {
        var d = ConfigAssert.Single(ConfigAssert.Load("run: a.py:A\nrun: b.py:B\n"), "COG1013");
        Assert.AreEqual(2, d.Line);
        StringAssert.Contains(d.Message, "'run'");
    }

    [TestMethod]
    public void RootMustBeAMapping()
    {
        ConfigAssert.Single(ConfigAssert.Load("- a\n- b\n"), "COG1012");
    }

    [TestMethod]
    public void ReportsAllProblemsAtOnce()
    {
        var result = ConfigAssert.Load("""
            build:
              python_version: "2.7"
              cuda: "10.2"
            run: nonsense
            environment:
              - PATH=/x
              - 1BAD
            concurrency:
              max: 0
            """);
        var codes = result.Errors.Select(e => e.Code).ToList();
        CollectionAssert.IsSubsetOf(new[] { "COG1022", "COG1030", "COG1040", "COG1062", "COG1060", "COG1050" }, codes, string.Join("\n", result.Diagnostics));
        ConfigAssert.Single(result, "COG1051");
    }

    [TestMethod]
    [DataRow("3", "COG1021")]
    [DataRow("3.x", "COG1021")]
    [DataRow("3.1.2.3", "COG1021")]
    [DataRow("3.9", "COG1022")]
    public void PythonVersionRules(string version, string code) =>
        ConfigAssert.Single(ConfigAssert.Load($"build:\n  python_version: \"{version}\"\n"), code);

    [TestMethod]
    [DataRow("12")]
    [DataRow("10.2")]
    [DataRow("12.x")]
    public void CudaRules(string cuda) =>
        ConfigAssert.Single(ConfigAssert.Load($"build:\n  python_version: \"3.12\"\n  cuda: \"{cuda}\"\n"), "COG1030");

    [TestMethod]
    public void CudnnMustBeAVersion() =>
        ConfigAssert.Single(ConfigAssert.Load("build:\n  python_version: \"3.12\"\n  cudnn: eight\n"), "COG1031");

    [TestMethod]
    public void SdkVersionIsAcceptedButIgnoredOrRejected()
    {
        ConfigAssert.Single(ConfigAssert.Load("build:\n  python_version: \"3.12\"\n  sdk_version: 0.17.0\n"), "COG1033");
        ConfigAssert.Single(ConfigAssert.Load("build:\n  python_version: \"3.12\"\n  sdk_version: latest!\n"), "COG1032");
    }

    [TestMethod]
    public void RunAndPredictTogetherIsAnError()
    {
        var result = ConfigAssert.Load("run: run.py:Runner\npredict: predict.py:Predictor\n");
        ConfigAssert.Single(result, "COG1041");
    }

    [TestMethod]
    public void PredictAloneIsADeprecatedAliasOfRun()
    {
        var result = ConfigAssert.Load("build:\n  python_version: '3.12'\npredict: predict.py:Predictor\n");
        Assert.IsFalse(result.HasErrors);
        ConfigAssert.Single(result, "COG1042");
        Assert.AreEqual("predict.py:Predictor", result.Config.Run);
        Assert.IsTrue(result.Config.RunFromPredictKey);
    }

    [TestMethod]
    public void TrainReferenceMustHaveTheForm()
    {
        var d = ConfigAssert.Single(ConfigAssert.Load("train: train:Trainer\n"), "COG1040");
        StringAssert.Contains(d.Message, "'train.py:Trainer'");
    }

    [TestMethod]
    public void RunItemRules()
    {
        var result = ConfigAssert.Load("""
            build:
              python_version: "3.12"
              run:
                - command: ""
                - command: echo
                  mounts:
                    - type: bind
                      id: a
                      target: /b
                - command: echo
                  mounts:
                    - type: secret
                      target: /b
                - "echo a\nb"
              pre_install:
                - echo old
            """);
        ConfigAssert.Single(result, "COG1026");
        Assert.AreEqual(2, result.Diagnostics.Count(d => d.Code == "COG1027"), string.Join("\n", result.Diagnostics));
        ConfigAssert.Single(result, "COG1028");
        ConfigAssert.Single(result, "COG1029");
        Assert.AreEqual("echo old", result.Config.Build.Run[^1].Command);
    }

    [TestMethod]
    public void PythonPackagesIsDeprecatedAndExclusive()
    {
        var result = ConfigAssert.Load("build:\n  python_version: '3.12'\n  python_packages: [numpy==2.0.0]\n  python_requirements: r.txt\n");
        ConfigAssert.Single(result, "COG1024");
        ConfigAssert.Single(result, "COG1025");
        CollectionAssert.AreEqual(new[] { "numpy==2.0.0" }, result.Config.Build.PythonPackages.ToArray());
    }

    [TestMethod]
    public void ImageAndModelAreExclusiveAndModelIsBare()
    {
        ConfigAssert.Single(ConfigAssert.Load("image: a\nmodel: r8.im/a/b\n"), "COG1044");
        ConfigAssert.Single(ConfigAssert.Load("model: r8.im/a/b:latest\n"), "COG1045");
        ConfigAssert.Single(ConfigAssert.Load("image: 'a b'\n"), "COG1046");
    }

    [TestMethod]
    public void ConcurrencyRules()
    {
        var ok = ConfigAssert.Load("build:\n  python_version: '3.12'\nconcurrency:\n  max: 4\n");
        Assert.AreEqual(4, ok.Config.Concurrency!.Max);
        ConfigAssert.Single(ok, "COG1051");
        ConfigAssert.Single(ConfigAssert.Load("build:\n  python_version: '3.10'\nconcurrency:\n  max: 4\n"), "COG1052");
        ConfigAssert.Single(ConfigAssert.Load("concurrency:\n  default_target: 2\n"), "COG1053");
    }

    [TestMethod]
    public void EnvironmentRules()
    {
        var result = ConfigAssert.Load("environment:\n  - A=1\n  - A=2\n  - CUDA_HOME=/x\n  - R8_X=1\n  - =x\n");
        ConfigAssert.Single(result, "COG1061");
        Assert.AreEqual(2, result.Diagnostics.Count(d => d.Code == "COG1062"));
        ConfigAssert.Single(result, "COG1060");
        Assert.AreEqual(1, result.Config.Environment.Count);
    }

    [TestMethod]
    public void WeightsRules()
    {
        var good = ConfigAssert.LoadValid("""
            model: r8.im/me/m
            weights:
              - name: sdxl.base
                target: /src/weights
                source: {uri: "hf://a/b", include: ["*.safetensors"]}
              - name: lora
                target: /src/lora
                source:
                  - uri: s3://x
                  - uri: s3://y
                    exclude: ["*.bin"]
            """);
        Assert.AreEqual(2, good.Weights[1].Sources.Count);
        Assert.AreEqual("*.bin", good.Weights[1].Sources[1].Exclude[0]);

        var bad = ConfigAssert.Load("""
            weights:
              - name: Bad Name
                target: /a
                source: {uri: x}
              - name: ok
                target: relative
                source: {uri: x}
              - name: ok
                target: /a/b
                source: []
              - name: three
                target: /c
                source: {uri: x, include: ["!x", "a\\b", " "]}
            """);
        ConfigAssert.Single(bad, "COG1070");
        ConfigAssert.Single(bad, "COG1071");
        Assert.AreEqual(2, bad.Diagnostics.Count(d => d.Code == "COG1072"), string.Join("\n", bad.Diagnostics));
        Assert.AreEqual(4, bad.Diagnostics.Count(d => d.Code == "COG1073"), string.Join("\n", bad.Diagnostics));
        ConfigAssert.Single(bad, "COG1074");
    }

    [TestMethod]
    public void PositionsAreKeptForLaterStages()
    {
        var config = ConfigAssert.LoadValid(Full);
        Assert.AreEqual(new ConfigPosition(14, 3), config.Source.Find("build.cuda"));
        Assert.AreEqual(new ConfigPosition(8, 7), config.Source.Find("build.run[0]"));
        Assert.AreEqual(new ConfigPosition(2, 3), config.Source.Find("build.gpu.nothing"));
    }

    [TestMethod]
    [DataRow("build:\n  python_version: 99999999999.1\n  cuda: 99999999999.0\n")]
    [DataRow("build: &a\n  gpu: *a\n")]
    [DataRow("? [a, b]\n: c\n")]
    [DataRow("\t- x")]
    [DataRow("build:\n  run:\n    - [nested]\n    - {mounts: {type: secret}}\n    - {command: x, mounts: [3]}\n")]
    [DataRow("weights: [3, {source: [3]}, {name: a, target: /a, source: {uri: x, include: \"*\"}}]\n")]
    [DataRow("concurrency: 3\nenvironment: [[a]]\nrun: {a: b}\n")]
    [DataRow("\"unterminated\n")]
    public void OddInputIsReportedNeverThrown(string yaml)
    {
        var result = ConfigAssert.Load(yaml, Path.GetTempPath());
        Assert.IsTrue(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.IsTrue(result.Diagnostics.All(d => d.Code.StartsWith("COG1", StringComparison.Ordinal)));
    }
}
