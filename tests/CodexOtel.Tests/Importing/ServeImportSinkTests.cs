using System.Diagnostics;
using System.Net;
using CodexOtel.Importing;
using CodexOtel.Otlp;
using CodexOtel.Serve;
using CodexOtel.Tests.Codex;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Tests.Importing;

/// <summary>How import talks to a running serve: as an OTLP/HTTP client that waits when told to and splits when refused as too large.</summary>
public sealed class ServeImportSinkTests
{
    private static readonly ServeState Serve = new(4242, "0.1.0", "127.0.0.1:4317", "0.0.0.0:4318", "/tmp/data", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Busy_and_unavailable_answers_are_retried_after_the_time_serve_asks_for()
    {
        var answers = new Queue<HttpResponseMessage>([Answer(HttpStatusCode.TooManyRequests, retryAfter: 1), Answer(HttpStatusCode.ServiceUnavailable, retryAfter: 0), Answer(HttpStatusCode.OK)]);
        var handler = new Handler(_ => answers.Dequeue());
        await using var sink = new ServeImportSink(Serve, "k3y", handler);
        var clock = Stopwatch.StartNew();

        var rejected = await sink.SendAsync(Signal.Logs, [new ImportRequest(Request(3))], CancellationToken.None);

        Assert.Equal(0, rejected);
        Assert.Equal(3, handler.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), clock.Elapsed.ToString());
        Assert.All(handler.Requests, r => Assert.Equal(("http://127.0.0.1:4318/v1/logs", "application/x-protobuf", "Bearer k3y"), (r.Uri, r.ContentType, r.Authorization)));
        Assert.Equal(3, ExportLogsServiceRequest.Parser.ParseFrom(handler.Requests[0].Body).ResourceLogs[0].ScopeLogs[0].LogRecords.Count);
    }

    [Fact]
    public async Task A_request_serve_finds_too_large_is_sent_again_in_parts()
    {
        var handler = new Handler(r => ExportLogsServiceRequest.Parser.ParseFrom(r.Body).ResourceLogs.Sum(l => l.ScopeLogs.Sum(s => s.LogRecords.Count)) > 1
            ? Answer(HttpStatusCode.RequestEntityTooLarge)
            : Answer(HttpStatusCode.OK));
        await using var sink = new ServeImportSink(Serve, null, handler);

        var rejected = await sink.SendAsync(Signal.Logs, [new ImportRequest(Request(4))], CancellationToken.None);

        Assert.Equal(0, rejected);
        Assert.Equal(4, handler.Requests.Count(r => r.Status == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Partial_success_counts_the_records_serve_refused_and_a_missing_key_is_explained()
    {
        var partial = new ExportLogsServiceResponse { PartialSuccess = new() { RejectedLogRecords = 1, ErrorMessage = "too large" } };
        await using (var sink = new ServeImportSink(Serve, null, new Handler(_ => Answer(HttpStatusCode.OK, partial.ToByteArray()))))
        {
            Assert.Equal(1, await sink.SendAsync(Signal.Logs, [new ImportRequest(Request(2))], CancellationToken.None));
        }

        await using var refused = new ServeImportSink(Serve, null, new Handler(_ => Answer(HttpStatusCode.Unauthorized)));
        var e = await Assert.ThrowsAsync<ImportException>(() => refused.SendAsync(Signal.Logs, [new ImportRequest(Request(1))], CancellationToken.None));
        Assert.Contains("wants an API key", e.Message);
        Assert.Contains("--api-key", e.Fix);
    }

    private static ExportLogsServiceRequest Request(int records) =>
        CodexRecords.Request([.. Enumerable.Range(0, records).Select(i => CodexRecords.Event("codex.user_prompt", i, ("prompt", "hi")))]);

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[]? body = null, int? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body ?? []) };
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    private sealed record Sent(string Uri, string? ContentType, string? Authorization, byte[] Body, HttpStatusCode Status);

    private sealed class Handler(Func<Sent, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private readonly Lock _gate = new();

        public List<Sent> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = new Sent(
                request.RequestUri!.ToString(),
                request.Content?.Headers.ContentType?.MediaType,
                request.Headers.Authorization?.ToString(),
                await request.Content!.ReadAsByteArrayAsync(cancellationToken),
                HttpStatusCode.OK);
            lock (_gate)
            {
                var response = answer(sent);
                Requests.Add(sent with { Status = response.StatusCode });
                return response;
            }
        }
    }
}
