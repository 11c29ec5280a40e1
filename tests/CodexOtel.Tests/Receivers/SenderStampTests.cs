using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CodexOtel.Pipeline;
using CodexOtel.Receivers.Keys;
using CodexOtel.Serve;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Otlp;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Receivers;

/// <summary>Every request serve accepts is stamped in the ledger with who sent it: the key's name and the peer address.</summary>
public sealed class SenderStampTests : IDisposable
{
    private static readonly string[] Transports = ["grpc", "http-json", "http-protobuf"];

    private readonly TempDirectory _data = new("sender");

    [Fact]
    public async Task A_request_sent_with_a_named_key_lands_stamped_with_the_key_name_and_127_0_0_1_over_http_protobuf_http_json_and_grpc()
    {
        var key = AddKey("alice");
        await using var host = await StartAsync();

        await SendEveryWayAsync(host, key, forged: false);

        var spans = LedgerContents.Read(_data.Path).Spans.ToList();
        Assert.Equal(Transports, spans.Select(s => s.Item.Name).Order());
        Assert.All(spans, span => AssertSender(span.Resource, "alice", "127.0.0.1"));
    }

    [Fact]
    public async Task A_sender_key_and_address_the_client_sends_itself_are_replaced_on_every_transport()
    {
        var key = AddKey("alice");
        await using var host = await StartAsync();

        await SendEveryWayAsync(host, key, forged: true);
        using var http = new HttpClient();
        using var metrics = new HttpRequestMessage(HttpMethod.Post, new Uri(host.HttpEndpoint, "/v1/metrics")) { Content = OtlpRequests.Protobuf(Forged(OtlpRequests.Metrics())) };
        metrics.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);

        var ledger = LedgerContents.Read(_data.Path);
        Assert.Equal(3, ledger.Spans.Count());
        Assert.All(ledger.Spans.Select(s => s.Resource).Concat(ledger.Metrics.Select(m => m.Resource)), resource =>
        {
            AssertSender(resource, "alice", "127.0.0.1");
            Assert.Contains(resource.Attributes, a => a.Key == "service.name" && a.Value.StringValue == "codex");
        });
    }

    [Fact]
    public async Task Without_keys_serve_stamps_only_the_address_and_still_takes_away_a_key_name_the_client_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);

        await PostAsync(http, recorder.HttpEndpoint, null, Forged(OtlpRequests.Spans(1, "http-protobuf")), json: false);
        await PostAsync(http, recorder.HttpEndpoint, null, Forged(OtlpRequests.Spans(1, "http-json")), json: true);
        await new TraceService.TraceServiceClient(channel).ExportAsync(Forged(OtlpRequests.Spans(1, "grpc")));

        var spans = recorder.ReadLedger().Spans.ToList();
        Assert.Equal(Transports, spans.Select(s => s.Item.Name).Order());
        Assert.All(spans, span => AssertSender(span.Resource, null, "127.0.0.1"));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>Exactly one stamp attribute of each kind, with these values (none for a null key).</summary>
    internal static void AssertSender(Resource resource, string? key, string address)
    {
        var keys = resource.Attributes.Where(a => a.Key == ExportSender.KeyAttribute).Select(a => a.Value.StringValue).ToList();
        var addresses = resource.Attributes.Where(a => a.Key == ExportSender.AddressAttribute).Select(a => a.Value.StringValue).ToList();
        Assert.Equal(key is null ? [] : [key], keys);
        Assert.Equal([address], addresses);
    }

    private string AddKey(string name)
    {
        var key = KeyFile.NewKey();
        KeyFile.Write(KeyFile.PathIn(_data.Path), [new ApiKeyRecord(name, KeyRole.Ingest, KeyFile.Hash(key), DateTimeOffset.UtcNow)]);
        return key;
    }

    private Task<RecorderHost> StartAsync() =>
        RecorderHost.StartAsync(new ServeOptions { DataDir = _data.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0" });

    // One span per transport, named after it.
    private static async Task SendEveryWayAsync(RecorderHost host, string key, bool forged)
    {
        ExportTraceServiceRequest Spans(string name) => forged ? Forged(OtlpRequests.Spans(1, name)) : OtlpRequests.Spans(1, name);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);

        await PostAsync(http, host.HttpEndpoint, key, Spans("http-protobuf"), json: false);
        await PostAsync(http, host.HttpEndpoint, key, Spans("http-json"), json: true);
        await new TraceService.TraceServiceClient(channel).ExportAsync(Spans("grpc"), new Metadata { { "authorization", $"Bearer {key}" } });
    }

    private static async Task PostAsync(HttpClient http, Uri endpoint, string? key, ExportTraceServiceRequest request, bool json)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/v1/traces"))
        {
            Content = json ? OtlpRequests.Content(Encoding.UTF8.GetBytes(OtlpSamples.ToJson(request)), "application/json") : OtlpRequests.Protobuf(request),
        };
        if (key is not null)
        {
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ExportTraceServiceRequest Forged(ExportTraceServiceRequest request)
    {
        request.ResourceSpans[0].Resource = ForgedResource();
        return request;
    }

    private static ExportMetricsServiceRequest Forged(ExportMetricsServiceRequest request)
    {
        request.ResourceMetrics[0].Resource = ForgedResource();
        return request;
    }

    // A client that claims to be bob at another address, around an attribute of its own.
    private static Resource ForgedResource() => new()
    {
        Attributes =
        {
            Attribute(ExportSender.KeyAttribute, "bob"),
            Attribute("service.name", "codex"),
            Attribute(ExportSender.AddressAttribute, "10.9.9.9"),
            Attribute(ExportSender.KeyAttribute, "carol"),
        },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
