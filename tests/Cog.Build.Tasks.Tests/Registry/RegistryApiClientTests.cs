using System.Net;
using System.Text;
using Cog.Build.Diagnostics;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

/// <summary>
/// The Bearer token flow against a small registry stand-in (Debian's registry only speaks Basic/htpasswd; the integration
/// tests cover that one). The stand-in issues a token at its realm only for the right Basic credentials.
/// </summary>
[TestClass]
public sealed class RegistryApiClientTests
{
    private static (int, string, IDictionary<string, string>?) BearerRegistry(HttpListenerRequest request, string body, int port)
    {
        var path = request.Url!.AbsolutePath;
        var authorization = request.Headers["Authorization"] ?? "";
        if (path == "/token")
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:correct-horse"));
            return authorization == expected && request.QueryString["service"] == "standin"
                ? (200, """{"token":"issued-token"}""", null)
                : (401, """{"details":"bad credentials"}""", null);
        }

        if (authorization != "Bearer issued-token")
        {
            var scope = path.StartsWith("/v2/owner/") ? ",scope=\"repository:owner/model:pull\"" : "";
            return (401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""",
                new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://127.0.0.1:{port}/token\",service=\"standin\"{scope}" });
        }

        return path switch
        {
            "/v2/" => (200, "{}", null),
            "/v2/owner/model/tags/list" => (200, """{"name":"owner/model","tags":["latest"]}""", null),
            _ => (404, """{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}""", null),
        };
    }

    [TestMethod]
    public async Task BearerLoginSucceedsWithTheRightPassword()
    {
        LoopbackHttpServer? server = null;
        server = new LoopbackHttpServer((request, body) => BearerRegistry(request, body, server!.Port));
        using (server)
        using (var client = new RegistryApiClient())
        {
            await client.VerifyLoginAsync(server.Host, new RegistryCredential("alice", "correct-horse", server.Host));
            CollectionAssert.Contains(server.Requests, "GET /token?service=standin&account=alice");
        }
    }

    [TestMethod]
    public async Task BearerLoginWithTheWrongPasswordIsRejectedWithoutTheSecret()
    {
        LoopbackHttpServer? server = null;
        server = new LoopbackHttpServer((request, body) => BearerRegistry(request, body, server!.Port));
        using (server)
        using (var client = new RegistryApiClient())
        {
            var error = await Assert.ThrowsExactlyAsync<CogException>(() => client.VerifyLoginAsync(server.Host, new RegistryCredential("alice", "wrong-pass", server.Host)));
            Assert.AreEqual("COG4007", error.Diagnostics[0].Code);
            Assert.IsFalse(error.Message.Contains("wrong-pass"));
        }
    }

    [TestMethod]
    public async Task RepositoryStateSeesNameUnknownThroughTheTokenFlow()
    {
        LoopbackHttpServer? server = null;
        server = new LoopbackHttpServer((request, body) => BearerRegistry(request, body, server!.Port));
        using (server)
        using (var client = new RegistryApiClient())
        {
            var credential = new RegistryCredential("alice", "correct-horse", server.Host);
            Assert.AreEqual(RegistryRepositoryState.Exists, await client.GetRepositoryStateAsync(ImageReference.Parse(server.Host + "/owner/model"), credential));
            Assert.AreEqual(RegistryRepositoryState.NameUnknown, await client.GetRepositoryStateAsync(ImageReference.Parse(server.Host + "/owner/missing"), credential));
            CollectionAssert.Contains(server.Requests, "GET /token?service=standin&scope=repository%3Aowner%2Fmodel%3Apull&account=alice");
        }
    }

    [TestMethod]
    public async Task UnreachableRegistryIsACodedError()
    {
        using var client = new RegistryApiClient();
        var port = LoopbackHttpServer.FreePort();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => client.VerifyLoginAsync($"127.0.0.1:{port}", new RegistryCredential("a", "b", "x")));
        Assert.AreEqual("COG4006", error.Diagnostics[0].Code);
    }
}
