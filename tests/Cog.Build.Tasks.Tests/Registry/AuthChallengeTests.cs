using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class AuthChallengeTests
{
    [TestMethod]
    public void ParsesBearerChallengeParameters()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"")!;
        Assert.IsTrue(challenge.IsBearer);
        Assert.AreEqual("https://auth.example/token", challenge.Realm);
        Assert.AreEqual("registry.example", challenge.Service);
        Assert.AreEqual("repository:a/b:pull,push", challenge.Scope);
    }

    [TestMethod]
    public void ParsesBasicChallenge()
    {
        var challenge = AuthChallenge.Parse("Basic realm=\"Registry Realm\"")!;
        Assert.IsTrue(challenge.IsBasic);
        Assert.AreEqual("Registry Realm", challenge.Realm);
        Assert.IsNull(AuthChallenge.Parse(""));
    }
}
