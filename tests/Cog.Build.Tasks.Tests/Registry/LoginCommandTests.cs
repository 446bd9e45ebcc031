using Cog.Build.Diagnostics;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class LoginCommandTests
{
    private static Task<LoginResult> Login(TemporaryDockerConfig temp, LoginOptions options, string input, StringWriter? messages = null) =>
        LoginCommand.RunAsync(
            options with { ConfigDirectory = temp.ConfigDirectory },
            new LoginConsole(new StringReader(input), new StringWriter(), messages ?? new StringWriter()) { Environment = temp.Environment });

    [TestMethod]
    public async Task ApiTokensAreRefusedBeforeAnyRequest()
    {
        using var temp = new TemporaryDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Login(temp, new LoginOptions { RegistryOption = "127.0.0.1:1", TokenStdin = true }, "r8_abcdef\n"));
        Assert.AreEqual("COG4013", error.Diagnostics[0].Code);
        Assert.IsFalse(error.Message.Contains("r8_abcdef"));
        Assert.IsFalse(File.Exists(temp.ConfigPath));
    }

    [TestMethod]
    public async Task EmptyTokenIsRefused()
    {
        using var temp = new TemporaryDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Login(temp, new LoginOptions { RegistryOption = "127.0.0.1:1", TokenStdin = true }, "  \n"));
        Assert.AreEqual("COG4014", error.Diagnostics[0].Code);
    }

    [TestMethod]
    public async Task EmptyPasswordIsRefused()
    {
        using var temp = new TemporaryDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Login(temp, new LoginOptions { Registry = "127.0.0.1:1", Username = "u", PasswordStdin = true }, "\n"));
        Assert.AreEqual("COG4010", error.Diagnostics[0].Code);
    }

    [TestMethod]
    public async Task EmptyUsernameIsRefused()
    {
        using var temp = new TemporaryDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => Login(temp, new LoginOptions { Registry = "127.0.0.1:1", Username = " ", PasswordStdin = true }, "pw\n"));
        Assert.AreEqual("COG4009", error.Diagnostics[0].Code);
    }

    [TestMethod]
    public async Task PasswordStdinDropsOnlyTheFinalNewline()
    {
        using var temp = new TemporaryDockerConfig();
        string? seen = null;
        using var server = new LoopbackHttpServer((request, _) =>
        {
            seen = request.Headers["Authorization"];
            return seen is null
                ? (401, "{}", new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"standin\"" })
                : (200, "{}", null);
        });
        var messages = new StringWriter();

        var result = await Login(temp, new LoginOptions { Registry = server.Host, Username = "henry", PasswordStdin = true }, " pass word \n", messages);

        Assert.AreEqual("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("henry: pass word ")), seen);
        Assert.AreEqual(server.Host, result.Host);
        StringAssert.Contains(messages.ToString(), "Login succeeded for " + server.Host);
        Assert.IsFalse(messages.ToString().Contains("pass word"));
        Assert.AreEqual(" pass word ", new DockerCredentialStore(temp.ConfigDirectory, temp.Environment).Resolve(server.Host)!.Secret);
    }
}
