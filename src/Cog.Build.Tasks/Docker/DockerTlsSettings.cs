using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cog.Build.Diagnostics;
using Docker.DotNet.Handler.Abstractions;

namespace Cog.Build.Docker;

/// <summary>
/// TLS for a tcp:// engine, configured like the docker CLI: <c>DOCKER_TLS_VERIFY</c> turns it on and
/// <c>DOCKER_CERT_PATH</c> (default <c>~/.docker</c>) holds ca.pem, cert.pem and key.pem.
/// </summary>
internal sealed class DockerTlsSettings : IAuthProvider
{
    private DockerTlsSettings(X509Certificate2 client, X509Certificate2 authority)
    {
        ClientCertificate = client;
        Authority = authority;
    }

    public X509Certificate2 ClientCertificate { get; }

    public X509Certificate2 Authority { get; }

    public bool TlsEnabled => true;

    public static DockerTlsSettings? FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static DockerTlsSettings? FromEnvironment(Func<string, string?> getVariable)
    {
        var verify = getVariable("DOCKER_TLS_VERIFY");
        if (string.IsNullOrEmpty(verify) || verify == "0")
        {
            return null;
        }

        var folder = getVariable("DOCKER_CERT_PATH");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        string ca = Path.Combine(folder, "ca.pem"), cert = Path.Combine(folder, "cert.pem"), key = Path.Combine(folder, "key.pem");
        if (!File.Exists(ca) || !File.Exists(cert) || !File.Exists(key))
        {
            throw Messages.EngineTlsFilesMissing.Fail(folder);
        }

        var client = X509Certificate2.CreateFromPemFile(cert, key);
        // SslStream on Linux needs a certificate whose key is not ephemeral.
        client = new X509Certificate2(client.Export(X509ContentType.Pkcs12));
        return new DockerTlsSettings(client, new X509Certificate2(File.ReadAllBytes(ca)));
    }

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        switch (handler)
        {
            case SocketsHttpHandler sockets:
                sockets.SslOptions.ClientCertificates = new X509CertificateCollection { ClientCertificate };
                sockets.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
                break;
            case HttpClientHandler classic:
                classic.ClientCertificates.Add(ClientCertificate);
                classic.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
                break;
        }

        return handler;
    }

    // The engine's certificate must chain to the CA in DOCKER_CERT_PATH, not to the system store.
    internal bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
