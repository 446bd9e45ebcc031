using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Cog.Build.Docker;

/// <summary>
/// A plain HttpClient to the engine for the two calls Docker.DotNet cannot make as we need them: <c>POST /build</c>
/// (its JSONMessage model rejects BuildKit's string-valued <c>aux</c> trace, so progress must be read raw) and
/// <c>/_ping</c> (whose Builder-Version header tells whether BuildKit is available).
/// </summary>
internal static class DockerHttp
{
    public static HttpClient Create(Uri endpoint, DockerTlsSettings? tls)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Uri baseAddress;
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.AbsolutePath;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker/");
        }
        else
        {
            var scheme = tls is not null || endpoint.Scheme == "https" ? "https" : "http";
            baseAddress = new UriBuilder(scheme, endpoint.Host, endpoint.Port).Uri;
            tls?.ConfigureHandler(handler);
        }

        // Builds can run for a long time; cancellation comes from the caller's token instead.
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Streams a build context into the request body as it is produced (chunked), never holding it whole.</summary>
    public sealed class StreamingContent : HttpContent
    {
        private readonly Func<Stream, CancellationToken, Task> _write;
        private readonly CancellationToken _cancellationToken;

        public StreamingContent(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
        {
            _write = write;
            _cancellationToken = cancellationToken;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _write(stream, _cancellationToken);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _write(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
