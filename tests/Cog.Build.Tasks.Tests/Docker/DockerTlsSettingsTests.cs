using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;

namespace Cog.Build.Tasks.Tests.Docker;

[TestClass]
public sealed class DockerTlsSettingsTests
{
    [TestMethod]
    public void IsOffUnlessDockerTlsVerifyIsSet()
    {
        Assert.IsNull(DockerTlsSettings.FromEnvironment(_ => null));
        Assert.IsNull(DockerTlsSettings.FromEnvironment(name => name == "DOCKER_TLS_VERIFY" ? "0" : null));
    }

    [TestMethod]
    public void MissingFilesAreACodedErrorNamingTheFolder()
    {
        var folder = Directory.CreateTempSubdirectory("cog-tls-").FullName;
        try
        {
            var error = Assert.ThrowsExactly<CogException>(() => DockerTlsSettings.FromEnvironment(Variables(folder)));

            Assert.AreEqual("COG3017", error.Diagnostics.Single().Code);
            StringAssert.Contains(error.Message, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void TrustsOnlyServersSignedByTheConfiguredAuthority()
    {
        var folder = Directory.CreateTempSubdirectory("cog-tls-").FullName;
        try
        {
            using var caKey = RSA.Create(2048);
            using var ca = SelfSigned("CN=cog test ca", caKey, isAuthority: true);
            File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
            using var clientKey = RSA.Create(2048);
            using var client = Signed("CN=client", clientKey, ca, caKey);
            File.WriteAllText(Path.Combine(folder, "cert.pem"), client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(folder, "key.pem"), clientKey.ExportPkcs8PrivateKeyPem());

            var tls = DockerTlsSettings.FromEnvironment(Variables(folder))!;

            Assert.IsTrue(tls.ClientCertificate.HasPrivateKey);
            Assert.IsTrue(tls.TlsEnabled);
            using var serverKey = RSA.Create(2048);
            using var server = Signed("CN=engine", serverKey, ca, caKey);
            Assert.IsTrue(tls.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors));
            using var strangerKey = RSA.Create(2048);
            using var stranger = SelfSigned("CN=stranger", strangerKey, isAuthority: false);
            Assert.IsFalse(tls.Validate(stranger, SslPolicyErrors.RemoteCertificateChainErrors));
            Assert.IsFalse(tls.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Func<string, string?> Variables(string folder) =>
        name => name switch { "DOCKER_TLS_VERIFY" => "1", "DOCKER_CERT_PATH" => folder, _ => null };

    private static X509Certificate2 SelfSigned(string subject, RSA key, bool isAuthority)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isAuthority, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Signed(string subject, RSA key, X509Certificate2 issuer, RSA issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var serial = RandomNumberGenerator.GetBytes(8);
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        return request.Create(issuer.SubjectName, generator, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
    }
}
