using System.Net;
using System.Net.Http.Headers;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using CodexOtel.Receivers;
using CodexOtel.Serve;
using CodexOtel.Serve.Tls;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Importing;

/// <summary>
/// Sends to the <c>serve</c> that records into the data folder, as any OTLP/HTTP client would (protobuf, POST
/// /v1/{signal}), so its ledger keeps one writer. It waits as told when serve is busy (429) or cannot write (503),
/// splits a request serve finds too large (413), and sends the API key when one is given.
/// </summary>
internal sealed class ServeImportSink : IImportSink
{
    private const int Concurrency = 4;
    private const string Protobuf = "application/x-protobuf";

    /// <summary>serve's ledger line limit (not configurable).</summary>
    private static readonly int MaxLineBytes = new LedgerOptions().MaxLineBytes;

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly ServeState _serve;
    private readonly ExportSender _sender;
    private readonly SemaphoreSlim _slots = new(Concurrency);

    public ServeImportSink(ServeState serve, string? apiKey, HttpMessageHandler? handler = null)
    {
        _serve = serve;
        // Who serve will say sent the requests: its api_key (the one config both read), from the address it is reached at.
        _sender = ExportSender.Of(ApiKeyCheck.IsKey(apiKey) ? ApiKeyCheck.ConfigKeyName : null, ClientEndPoint(serve.Http)?.Address);
        var pooled = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler ?? RecorderTrust.For(serve)?.Handler(pooled) ?? pooled)
        {
            BaseAddress = new Uri($"{serve.Scheme}://{ClientAddress(serve.Http)}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public string Description => $"serve (pid {_serve.Pid} on {_serve.Http})";

    public bool IndexedByServe => true;

    // serve decodes the protobuf it is sent and encodes its own ledger lines.
    public bool WritesAsRead(ImportRequest request) => false;

    // What serve writes for a request's protobuf (Pipeline.ExportPipeline, with no processor that mutates data): its
    // line transcoded straight from the bytes when it can, else the decoded request encoded; either stamped with this
    // import as its sender, as serve stamps every client's requests (the decoded request is stamped in place: sent
    // again in parts, serve stamps the same values over the same keys). A request larger than serve takes (20 MiB) is
    // sent again in parts (413), whose lines are not these: a case where a crash can still leave a line for the next
    // import to write again. So is a serve whose processors change data (this process cannot know what they write),
    // and one that names this import's key or address otherwise than expected.
    public IReadOnlyList<UInt128> LedgerLines(Signal signal, ImportRequest request, UInt128 lineHash)
    {
        using var batch = LedgerLineEncoder.TryTranscode(signal, request.Protobuf, MaxLineBytes, _sender.Stamp, out _)
            ?? StampedEncode(signal, request.Request);
        return LineHash.OfLines(batch.Span);
    }

    private EncodedBatch StampedEncode(Signal signal, IMessage request)
    {
        _sender.Stamp.Apply(request);
        return LedgerLineEncoder.Encode(signal, request, MaxLineBytes);
    }

    /// <summary>The running serve of a data folder, or null: its serve.json, if the folder's ledger lock is held.</summary>
    public static ServeState? FindRunning(string dataDir) =>
        LedgerWriter.IsLocked(dataDir) && ServeState.TryRead(dataDir) is { } state && IsAlive(state.Pid) ? state : null;

    public async Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken)
    {
        var sends = new List<Task<long>>(requests.Count);
        foreach (var request in requests)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            sends.Add(SendOneReleasingAsync(signal, request.Request, request.Protobuf, cancellationToken));
        }

        var rejected = await Task.WhenAll(sends).ConfigureAwait(false);
        return rejected.Sum();
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _slots.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<long> SendOneReleasingAsync(Signal signal, IMessage request, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            return await SendOneAsync(signal, request, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<long> SendOneAsync(Signal signal, IMessage request, byte[] body, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(Protobuf);
            HttpResponseMessage response;
            try
            {
                response = await _http.PostAsync(signal.HttpPath(), content, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new ImportException(
                    $"serve (pid {_serve.Pid}) stopped answering on {_serve.Http}: {e.Message}",
                    "everything imported so far is kept; run the import again (it skips what is already there)");
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        return Rejected(signal, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                    case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                        var delay = RetryAfter(response);
                        waited += delay;
                        if (waited > GiveUpAfter)
                        {
                            throw new ImportException(
                                $"serve has refused the import for {GiveUpAfter.TotalMinutes:0} minutes ({(int)response.StatusCode}: {await Message(response, cancellationToken).ConfigureAwait(false)}).",
                                "check serve's log (a full disk?), then run the import again");
                        }

                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                        continue;
                    case HttpStatusCode.RequestEntityTooLarge:
                        return await SendSplitAsync(signal, request, cancellationToken).ConfigureAwait(false);
                    case HttpStatusCode.Unauthorized:
                        throw new ImportException(
                            $"serve (pid {_serve.Pid}) wants an API key.",
                            "pass the one serve was started with: codex-otel import --api-key KEY … (or set CODEX_OTEL_API_KEY)");
                    case HttpStatusCode.BadRequest:
                        // The request does not decode on serve's side; it was checked here, so this is a version mismatch.
                        return RecordCount(request);
                    default:
                        throw new ImportException(
                            $"serve answered {(int)response.StatusCode}: {await Message(response, cancellationToken).ConfigureAwait(false)}",
                            "check serve's log, then run the import again");
                }
            }
        }
    }

    private async Task<long> SendSplitAsync(Signal signal, IMessage request, CancellationToken cancellationToken)
    {
        var parts = RequestSplitter.Split(request);
        if (parts.Count == 0)
        {
            return RecordCount(request);
        }

        var rejected = 0L;
        foreach (var part in parts)
        {
            rejected += await SendOneAsync(signal, part, part.ToByteArray(), cancellationToken).ConfigureAwait(false);
        }

        return rejected;
    }

    private static long RecordCount(IMessage request) => RequestSplitter.CountRecords(request);

    private static long Rejected(Signal signal, byte[] body)
    {
        try
        {
            return signal switch
            {
                Signal.Logs => ExportLogsServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedLogRecords ?? 0,
                Signal.Traces => ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedSpans ?? 0,
                _ => ExportMetricsServiceResponse.Parser.ParseFrom(body).PartialSuccess?.RejectedDataPoints ?? 0,
            };
        }
        catch (InvalidProtocolBufferException)
        {
            return 0;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : DefaultRetryAfter);
        return delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    private static async Task<string> Message(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = Google.Rpc.Status.Parser.ParseFrom(body);
            return string.IsNullOrEmpty(status.Message) ? response.ReasonPhrase ?? "" : status.Message;
        }
        catch (InvalidProtocolBufferException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    /// <summary>Where a client on this machine connects for a listen address: 0.0.0.0 → 127.0.0.1, [::] → [::1].</summary>
    private static string ClientAddress(string listen) => ClientEndPoint(listen)?.ToString() ?? listen;

    /// <summary>Where this process reaches serve's listen address (a wildcard address by loopback); null for a host name.</summary>
    private static IPEndPoint? ClientEndPoint(string listen)
    {
        try
        {
            var endPoint = ListenAddress.Parse(listen, "http").EndPoint;
            return endPoint.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, endPoint.Port)
                : endPoint.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, endPoint.Port)
                : endPoint;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
