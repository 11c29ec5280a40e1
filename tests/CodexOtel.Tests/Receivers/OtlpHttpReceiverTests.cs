using System.Net;
using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Receivers;

public sealed class OtlpHttpReceiverTests : IAsyncLifetime
{
    private InProcessRecorder _recorder = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _recorder = await InProcessRecorder.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _recorder.DisposeAsync();
    }

    private Uri Url(string path) => new(_recorder.HttpEndpoint, path);

    [Fact]
    public async Task Protobuf_is_acknowledged_with_a_protobuf_response_once_it_is_in_the_ledger()
    {
        var response = await _http.PostAsync(Url("/v1/traces"), OtlpRequests.Protobuf(OtlpRequests.Spans(3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType!.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(body.PartialSuccess);
        Assert.Equal(3, _recorder.ReadLedger().Spans.Count());
    }

    [Fact]
    public async Task Json_is_acknowledged_with_a_json_response()
    {
        var json = """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"hi"},"traceId":"","spanId":""}]}]}]}""";

        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal("hi", _recorder.ReadLedger().Logs.Single().Item.Body.StringValue);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("zstd")]
    public async Task Compressed_bodies_are_accepted(string encoding)
    {
        var raw = OtlpRequests.Spans(5).ToByteArray();
        var body = encoding switch
        {
            "gzip" => OtlpRequests.Gzip(raw),
            "deflate" => OtlpRequests.Deflate(raw),
            _ => OtlpRequests.Zstd(raw),
        };

        var response = await _http.PostAsync(Url("/v1/traces"), OtlpRequests.Content(body, "application/x-protobuf", encoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, _recorder.ReadLedger().Spans.Count());
    }

    [Fact]
    public async Task Posts_to_the_root_path_land_in_the_file_of_their_signal()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(Url("/"), OtlpRequests.Protobuf(LedgerTestData.Logs(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(Url("/"), OtlpRequests.Protobuf(OtlpRequests.Spans(2)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(Url("/"), OtlpRequests.Protobuf(OtlpRequests.Metrics()))).StatusCode);
        var json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"json-span"}]}]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(Url("/"), OtlpRequests.Content(Encoding.UTF8.GetBytes(json), "application/json"))).StatusCode);

        var ledger = _recorder.ReadLedger();
        Assert.Single(ledger.Logs);
        Assert.Equal(3, ledger.Spans.Count());
        Assert.Single(ledger.Metrics);
    }

    [Fact]
    public async Task Get_is_answered_405_with_allow_post()
    {
        var response = await _http.GetAsync(Url("/v1/logs"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_unknown_content_type_is_answered_415()
    {
        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content([1, 2, 3], "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_content_encoding_is_answered_415()
    {
        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content([1, 2, 3], "application/x-protobuf", "br"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Undecodable_protobuf_is_answered_400_with_a_status_body()
    {
        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content([0x0a, 0xff, 0xff, 0x01], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Google.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code);
        Assert.Contains("protobuf", status.Message);
    }

    [Fact]
    public async Task Invalid_json_is_answered_400_with_a_json_status_body()
    {
        var response = await _http.PostAsync(Url("/v1/traces"), OtlpRequests.Content("{\"resourceSpans\":[{"u8.ToArray(), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"code\":3,\"message\":", text);
    }

    [Fact]
    public async Task A_body_above_the_limit_is_answered_413()
    {
        // As curl does for large bodies: the server can refuse before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/v1/logs"))
        {
            Content = OtlpRequests.Content(new byte[21 << 20], "application/x-protobuf"),
        };
        request.Headers.ExpectContinue = true;

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_decompression_bomb_is_answered_413()
    {
        var bomb = OtlpRequests.GzipBomb(200 << 20);

        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content(bomb, "application/x-protobuf", "gzip"));

        Assert.True(bomb.Length < 1 << 20);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_request_succeeds_and_writes_nothing()
    {
        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Content([], "application/x-protobuf"));
        var emptyJson = await _http.PostAsync(Url("/v1/traces"), OtlpRequests.Content("{}"u8.ToArray(), "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, emptyJson.StatusCode);
        Assert.Empty(_recorder.ReadLedger().Lines[Signal.Logs]);
    }

    [Fact]
    public async Task A_record_larger_than_a_ledger_line_is_reported_as_partial_success()
    {
        var request = LedgerTestData.Logs(1, records: 3);
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[1].Body.StringValue = new string('z', 2 << 20);

        var response = await _http.PostAsync(Url("/v1/logs"), OtlpRequests.Protobuf(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, body.PartialSuccess.RejectedLogRecords);
        Assert.Contains("line limit", body.PartialSuccess.ErrorMessage);
        Assert.Equal(2, _recorder.ReadLedger().Logs.Count());
    }
}
