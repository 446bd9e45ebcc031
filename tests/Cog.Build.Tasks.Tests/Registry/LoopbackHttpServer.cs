using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cog.Build.Tasks.Tests.Registry;

/// <summary>A real HTTP server on 127.0.0.1 and a free port, answering with a test-supplied handler.</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, string, (int Status, string Body, IDictionary<string, string>? Headers)> _handler;
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerRequest, string, (int Status, string Body, IDictionary<string, string>? Headers)> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public List<string> Requests { get; } = new();

    public List<string> Bodies { get; } = new();

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            lock (Requests)
            {
                Requests.Add(context.Request.HttpMethod + " " + context.Request.Url!.PathAndQuery);
                Bodies.Add(body);
            }

            var (status, responseBody, headers) = _handler(context.Request, body);
            context.Response.StatusCode = status;
            foreach (var header in headers ?? new Dictionary<string, string>())
            {
                context.Response.AddHeader(header.Key, header.Value);
            }

            var bytes = Encoding.UTF8.GetBytes(responseBody);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
