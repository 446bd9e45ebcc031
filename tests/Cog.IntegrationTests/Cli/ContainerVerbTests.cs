using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cog.IntegrationTests.Cli;

/// <summary>cog run CMD / cog exec (attached, exit status), cog serve (health, SIGINT, container gone), cog train.</summary>
[TestClass]
public sealed class ContainerVerbTests
{
    [TestMethod]
    public async Task RunACommandInTheModelEnvironment()
    {
        using var folder = ModelFolder.FromSample("hello");
        var result = await CogProcess.CogAsync(folder.Path, "run", "bash", "-c", "echo hi from $(pwd); ls run.py");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("hi from /src\nrun.py\n", result.Stdout);
    }

    [TestMethod]
    public async Task ExecPipesStdinAndReportsExitStatus()
    {
        using var folder = ModelFolder.FromSample("hello");
        var piped = await CogProcess.CogWithStdinAsync(folder.Path, "hi\nthere\n", "exec", "cat");
        Assert.AreEqual(0, piped.ExitCode, piped.ToString());
        Assert.AreEqual("hi\nthere\n", piped.Stdout);

        var failing = await CogProcess.CogAsync(folder.Path, "exec", "-e", "CODE=3", "sh", "-c", "exit $CODE");
        Assert.AreEqual(1, failing.ExitCode, failing.ToString());
        StringAssert.Contains(failing.Stderr, "container exited with status 3");
        Assert.AreEqual("", await DockerCli.ContainersMountingAsync(folder.Path));
    }

    [TestMethod]
    public async Task ServeAnswersThenStopsOnSigint()
    {
        using var folder = ModelFolder.FromSample("hello");
        var port = FreePort();
        using var serve = CogProcess.Start("bash", [CogProcess.Launcher, "serve", "-p", port.ToString()], folder.Path);
        var stderr = serve.StandardError.ReadToEndAsync();
        var stdout = serve.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            string? health = null;
            for (var attempt = 0; attempt < 300 && health is null; attempt++)
            {
                try
                {
                    var body = await http.GetStringAsync($"http://127.0.0.1:{port}/health-check");
                    health = body.Contains("READY", StringComparison.Ordinal) ? body : null;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                }

                if (health is null)
                {
                    if (serve.HasExited)
                    {
                        Assert.Fail("cog serve exited early:\n" + await stderr);
                    }

                    await Task.Delay(500);
                }
            }

            Assert.IsNotNull(health, "cog serve answered /health-check with READY");
            var prediction = await http.PostAsync($"http://127.0.0.1:{port}/predictions",
                new StringContent("""{"input": {"name": "served"}}""", System.Text.Encoding.UTF8, "application/json"));
            StringAssert.Contains(await prediction.Content.ReadAsStringAsync(), "hello served");

            // SIGINT the cog process itself (bash exec'd it), as Ctrl-C would.
            Assert.AreEqual(0, Kill(serve.Id, 2));
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await serve.WaitForExitAsync(limit.Token);
            Assert.AreEqual(0, serve.ExitCode, await stderr);
            StringAssert.Contains(await stderr, $"Serving at http://localhost:{port}");
            _ = await stdout;
        }
        finally
        {
            if (!serve.HasExited)
            {
                serve.Kill(entireProcessTree: true);
            }
        }

        Assert.AreEqual("", await DockerCli.ContainersMountingAsync(folder.Path), "the container is gone");
    }

    [TestMethod]
    public async Task TrainWritesWeightsThatRunReads()
    {
        using var folder = ModelFolder.FromSample("train");
        var train = await CogProcess.CogAsync(folder.Path, "train", "-i", "words=a b a c a");
        Assert.AreEqual(0, train.ExitCode, train.ToString());
        Assert.IsTrue(folder.Exists("weights.json"), "-o defaults to weights; the file output gets its extension\n" + train);
        StringAssert.Contains(folder.Read("weights.json"), "\"a\": 3");

        var run = await CogProcess.CogAsync(folder.Path, "run", "-i", "word=a");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("3", run.Stdout.Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
