using System.Text.Json;
using Cog.Build.Config;
using Cog.Build.Diagnostics;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

[TestClass]
public sealed class SupportTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

    [TestMethod]
    public void CaCertificateFromTextBase64FileAndFolder()
    {
        Assert.AreEqual(Pem + "\n", CaCertificate.Load(Pem));
        Assert.AreEqual(Pem + "\n", CaCertificate.Load(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Pem))));
        var dir = Directory.CreateTempSubdirectory("cogca").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.crt"), Pem);
            File.WriteAllText(Path.Combine(dir, "b.pem"), Pem.Replace("MIIB", "MIIC"));
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "ignored");
            Assert.AreEqual(Pem + "\n", CaCertificate.Load(Path.Combine(dir, "a.crt")));
            var bundle = CaCertificate.Load(dir);
            StringAssert.Contains(bundle, "MIIB");
            StringAssert.Contains(bundle, "MIIC");
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        Assert.AreEqual("COG1112", Assert.ThrowsExactly<CogException>(() => CaCertificate.Load("not a cert")).Diagnostics.Single().Code);
    }

    [TestMethod]
    public void WeightsAreGroupedByFolder()
    {
        var grouped = WeightsScanner.Group(
            ["model.bin", "ckpt/a/x.bin", "ckpt/y.bin", "mixed/z.bin", "model_parts/w.bin"],
            ["mixed/code.py", "model.py"]);
        CollectionAssert.AreEqual(new[] { "model.bin", "ckpt", "model_parts" }, grouped.ToArray());
    }

    [TestMethod]
    public void WeightsScannerFindsLargeFilesOnly()
    {
        var dir = Directory.CreateTempSubdirectory("cogweights").FullName;
        try
        {
            void Sized(string relative, long size)
            {
                var full = Path.Combine(dir, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                using var f = File.Create(full);
                f.SetLength(size);
            }

            Sized("big.safetensors", WeightsScanner.SizeThreshold);
            Sized("small.bin", 10);
            Sized("weights/part1.bin", WeightsScanner.SizeThreshold + 1);
            Sized("video.mp4", WeightsScanner.SizeThreshold * 2);
            Sized(".git/objects/pack.bin", WeightsScanner.SizeThreshold * 2);
            Sized(".cog/cache.bin", WeightsScanner.SizeThreshold * 2);
            CollectionAssert.AreEqual(new[] { "big.safetensors", "weights" }, WeightsScanner.Scan(dir).ToArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void ConfigLabelKeysTheRunnerAsPredict()
    {
        var config = new CogConfig
        {
            Run = "run.py:Runner",
            Build = new BuildConfig { PythonVersion = "3.12", Run = [new RunCommand("echo a && echo b")] },
        };
        var json = ConfigLabel.ToJson(BuildResolver.Resolve(config, Path.GetTempPath()), decoratorConcurrency: 3);
        using var doc = JsonDocument.Parse(json);
        Assert.AreEqual("run.py:Runner", doc.RootElement.GetProperty("predict").GetString());
        Assert.AreEqual("echo a && echo b", doc.RootElement.GetProperty("build").GetProperty("run")[0].GetProperty("command").GetString());
        Assert.AreEqual(3, doc.RootElement.GetProperty("concurrency").GetProperty("max").GetInt32());
        StringAssert.Contains(json, "&&");
    }

    [TestMethod]
    public void CaCertificateFromEnvironment()
    {
        Assert.IsNull(CaCertificate.FromEnvironment(_ => null));
        Assert.IsNull(CaCertificate.FromEnvironment(_ => " "));
        Assert.AreEqual(Pem + "\n", CaCertificate.FromEnvironment(name => name == "COG_CA_CERT" ? Pem : null));
    }

    [TestMethod]
    public void DependencyInputsAreConfigRequirementsAndArtifacts()
    {
        using var folder = new ModelFolder(
            "build:\n  python_version: '3.11'\n  python_requirements: requirements.txt\nrun: run.py:Runner\n",
            ("requirements.txt", "./w/a-1.0-py3-none-any.whl\n"),
            ("w/a-1.0-py3-none-any.whl", "PK"));
        var inputs = folder.Resolve().DependencyInputs.Select(p => Path.GetRelativePath(folder.Directory, p)).ToArray();
        CollectionAssert.AreEqual(new[] { "cog.yaml", "requirements.txt", Path.Combine("w", "a-1.0-py3-none-any.whl") }, inputs);
    }
}
