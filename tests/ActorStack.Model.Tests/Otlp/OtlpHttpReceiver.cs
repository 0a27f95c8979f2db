using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ActorStack.Model.Tests.Otlp;

/// <summary>
/// A real OTLP/HTTP trace receiver on 127.0.0.1, as Jaeger's collector listens on :4318: it accepts
/// POST /v1/traces with an application/x-protobuf body and answers 200 with an empty ExportTraceServiceResponse.
/// </summary>
internal sealed class OtlpHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpHttpReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Decoded request bodies, in arrival order.</summary>
    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();

    /// <summary>Requests that were not a POST to /v1/traces with a protobuf body.</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    public void Dispose()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync: the normal way out.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/v1/traces" || request.ContentType != "application/x-protobuf")
            {
                Rejected.Enqueue($"{request.HttpMethod} {request.Url?.AbsolutePath} {request.ContentType}");
                context.Response.StatusCode = 404;
                context.Response.Close();
                continue;
            }

            foreach (var span in OtlpDecoder.DecodeExportTraceServiceRequest(body.ToArray()))
            {
                Spans.Enqueue(span);
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }
}
