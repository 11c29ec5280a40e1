using System.Net;
using System.Net.Http.Headers;
using CodexOtel.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Bench.Load;

/// <summary>OTLP/HTTP with binary protobuf bodies (as Codex sends with <c>protocol = "binary"</c>), HTTP/1.1 keep-alive.</summary>
internal sealed class HttpExportClient : IExportClient
{
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly Signal _signal;

    public HttpExportClient(Uri endpoint, Signal signal)
    {
        _signal = signal;
        _url = new Uri(endpoint, signal.HttpPath());
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 1,
        })
        {
            Timeout = TimeSpan.FromSeconds(120),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async Task<ExportAttempt> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = Protobuf;
        try
        {
            using var response = await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => ExportAttempt.Ok(Rejected(body)),
                HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                    ExportAttempt.PushedBack(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)),
                var status => ExportAttempt.Failed($"HTTP {(int)status}: {System.Text.Encoding.UTF8.GetString(body)}"),
            };
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ExportAttempt.Failed($"HTTP: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private long Rejected(byte[] body) => body.Length == 0 ? 0 : _signal switch
    {
        Signal.Traces => ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedSpans ?? 0,
        Signal.Logs => ExportLogsServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedLogRecords ?? 0,
        _ => 0,
    };
}
