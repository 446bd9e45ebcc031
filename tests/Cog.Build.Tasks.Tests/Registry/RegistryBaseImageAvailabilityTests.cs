using System.Diagnostics;
using System.Net;
using Cog.Build.Dockerfile;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

/// <summary>
/// The cog-base existence check against a loopback registry stand-in that wants an anonymous Bearer token, as public
/// registries do: a tag with a manifest exists, a 404 does not, and a registry nobody answers for falls back quickly.
/// </summary>
[TestClass]
public sealed class RegistryBaseImageAvailabilityTests
{
    private static (int, string, IDictionary<string, string>?) AnonymousRegistry(HttpListenerRequest request, int port)
    {
        var path = request.Url!.AbsolutePath;
        if (path == "/token")
        {
            return request.Headers["Authorization"] is null && request.QueryString["scope"] == "repository:cog-base:pull"
                ? (200, """{"token":"anonymous-token"}""", null)
                : (403, "{}", null);
        }

        if (request.Headers["Authorization"] != "Bearer anonymous-token")
        {
            return (401, "", new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://127.0.0.1:{port}/token\",service=\"standin\"" });
        }

        var accepts = request.Headers["Accept"] ?? "";
        var knowsIndexes = accepts.Contains("application/vnd.oci.image.index.v1+json") && accepts.Contains("application/vnd.docker.distribution.manifest.list.v2+json");
        return request.HttpMethod == "HEAD" && path == "/v2/cog-base/manifests/python3.12" && knowsIndexes
            ? (200, "", new Dictionary<string, string> { ["Docker-Content-Digest"] = "sha256:" + new string('a', 64) })
            : (404, "", null);
    }

    [TestMethod]
    public async Task APublishedTagExists()
    {
        LoopbackHttpServer? server = null;
        server = new LoopbackHttpServer((request, _) => AnonymousRegistry(request, server!.Port));
        using (server)
        using (var availability = new RegistryBaseImageAvailability())
        {
            Assert.IsTrue(await availability.ExistsAsync($"{server.Host}/cog-base:python3.12", CancellationToken.None));
            CollectionAssert.Contains(server.Requests, "GET /token?service=standin&scope=repository%3Acog-base%3Apull");
            Assert.AreEqual(2, server.Requests.Count(r => r == "HEAD /v2/cog-base/manifests/python3.12"), "one challenged HEAD, one with the token");
        }
    }

    [TestMethod]
    public async Task AnUnknownTagDoesNotExist()
    {
        LoopbackHttpServer? server = null;
        server = new LoopbackHttpServer((request, _) => AnonymousRegistry(request, server!.Port));
        using (server)
        using (var availability = new RegistryBaseImageAvailability())
        {
            Assert.IsFalse(await availability.ExistsAsync($"{server.Host}/cog-base:python3.99", CancellationToken.None));
        }
    }

    [TestMethod]
    public async Task AnUnreachableRegistryFallsBackWithinTheTimeoutWithOneWarning()
    {
        // Nothing listens on this port: the connection is refused.
        var host = $"127.0.0.1:{LoopbackHttpServer.FreePort()}";
        using var folder = new Dockerfile.ModelFolder("build:\n  python_version: '3.12'\nrun: run.py:Runner\n");
        var build = folder.Resolve();
        using var availability = new RegistryBaseImageAvailability();
        var cached = new CachedBaseImageAvailability(availability, TimeSpan.FromSeconds(2));

        var clock = Stopwatch.StartNew();
        var selection = await BaseImageSelector.SelectAsync(build, new BaseImageOptions(RegistryHost: host), cached);
        var again = await BaseImageSelector.SelectAsync(build, new BaseImageOptions(RegistryHost: host), cached);

        Assert.IsLessThan(TimeSpan.FromSeconds(4), clock.Elapsed);
        Assert.AreEqual("python:3.12-slim", selection.Image.Reference);
        var warning = selection.Diagnostics.Single();
        Assert.AreEqual("COG1101", warning.Code);
        StringAssert.Contains(warning.Message, host);
        Assert.IsFalse(warning.Message.Contains("error COG", StringComparison.Ordinal), warning.Message);
        Assert.AreEqual("python:3.12-slim", again.Image.Reference);
    }

    [TestMethod]
    public async Task ARegistryThatNeverAnswersCostsOnlyTheTimeout()
    {
        // Accepts connections but never answers: the check gives up after the short timeout.
        var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
            using var availability = new RegistryBaseImageAvailability();
            var cached = new CachedBaseImageAvailability(availability, TimeSpan.FromMilliseconds(500));

            var clock = Stopwatch.StartNew();
            var (exists, failure) = await cached.CheckAsync($"{host}/cog-base:python3.12", CancellationToken.None);

            Assert.IsFalse(exists);
            StringAssert.Contains(failure, "did not answer");
            Assert.IsLessThan(TimeSpan.FromSeconds(3), clock.Elapsed);
        }
        finally
        {
            silent.Stop();
        }
    }
}
