using Cog.Build.Schema;

namespace Cog.Build.Tasks.Tests.Schema;

[TestClass]
public sealed class MimeAndDataUrlTests
{
    [TestMethod]
    public void MimeTypesByExtension()
    {
        Assert.AreEqual("image/jpeg", MimeTypes.FromPath("a/b/photo.JPG"));
        Assert.AreEqual("text/plain", MimeTypes.FromPath("x.txt"));
        Assert.AreEqual("audio/wav", MimeTypes.FromPath("x.wav"));
        Assert.AreEqual("application/octet-stream", MimeTypes.FromPath("weights.safetensors"));
        Assert.AreEqual("application/octet-stream", MimeTypes.FromPath("noextension"));
    }

    [TestMethod]
    public void ExtensionsByMime()
    {
        Assert.AreEqual(".png", MimeTypes.ExtensionFor("image/png"));
        Assert.AreEqual(".jpg", MimeTypes.ExtensionFor("image/jpeg"));
        Assert.AreEqual(".bin", MimeTypes.ExtensionFor("application/octet-stream"));
        Assert.AreEqual(".txt", MimeTypes.ExtensionFor("text/plain; charset=utf-8"));
        Assert.AreEqual(".wav", MimeTypes.ExtensionFor("audio/x-wav"));
        Assert.AreEqual(".bin", MimeTypes.ExtensionFor("weird"));
    }

    [TestMethod]
    public void DataUrlsRoundTrip()
    {
        byte[] bytes = [0, 255, 10, 13];

        Assert.IsTrue(DataUrl.TryDecode(DataUrl.Encode(bytes, "image/png"), out var mime, out var decoded));
        Assert.AreEqual("image/png", mime);
        CollectionAssert.AreEqual(bytes, decoded);
    }

    [TestMethod]
    public void PercentEncodedDataUrlsDecode()
    {
        Assert.IsTrue(DataUrl.TryDecode("data:text/plain,hello%20world", out var mime, out var bytes));
        Assert.AreEqual("text/plain", mime);
        Assert.AreEqual("hello world", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.IsFalse(DataUrl.TryDecode("https://x", out _, out _));
        Assert.IsFalse(DataUrl.TryDecode("data:image/png;base64,@@@", out _, out _));
    }
}
