using System.Net;
using System.Net.Sockets;
using System.Text;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using Xunit.Abstractions;

namespace CodexOtel.Tests.Receivers;

/// <summary>Over a thousand malformed or hostile requests against the real server process while a valid client keeps sending.</summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const long MaxResidentBytes = 256L << 20;

    [Fact]
    public async Task Hostile_requests_get_their_status_the_server_stays_up_and_valid_clients_keep_being_served()
    {
        using var dir = new TempDirectory("hostile");
        await using var server = await ServerProcess.StartAsync(dir.Path);

        // The oversized requests ask for 100-continue and must get their 413 before sending the body; with the default
        // 1 s wait a busy machine made the client send 25 MB anyway, into a connection the 413 had closed.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(30) };
        using var stopValid = new CancellationTokenSource();
        var valid = ValidClientAsync(http, server.HttpEndpoint, stopValid.Token);
        var slow = Enumerable.Range(0, 5).Select(_ => SlowBodyAsync(server.HttpEndpoint)).ToArray();
        var garbage = GarbageOnGrpcPortAsync(server.GrpcEndpoint, 50, new Random(3));
        var peak = 0L;
        var random = new Random(42);
        var sample = OtlpRequests.Spans(50).ToByteArray();
        var sampleJson = Encoding.UTF8.GetBytes(
            """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x"}}]},"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"s","startTimeUnixNano":"1","attributes":[{"key":"a","value":{"intValue":"5"}}]}]}]}]}""");
        var cases = new List<(string Kind, Func<Task<HttpStatusCode>> Send, HttpStatusCode[] Expected)>();

        for (var i = 0; i < 200; i++)
        {
            var noise = new byte[random.Next(1, 4096)];
            random.NextBytes(noise);
            cases.Add(("random protobuf", () => Post(http, server, "/v1/traces", noise, "application/x-protobuf"), [HttpStatusCode.OK, HttpStatusCode.BadRequest]));
        }

        for (var i = 0; i < 200; i++)
        {
            var mutated = (byte[])sample.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            cases.Add(("mutated protobuf", () => Post(http, server, "/v1/traces", mutated, "application/x-protobuf"), [HttpStatusCode.OK, HttpStatusCode.BadRequest]));
        }

        for (var i = 0; i < 150; i++)
        {
            var truncated = sample[..random.Next(1, sample.Length)];
            cases.Add(("truncated protobuf", () => Post(http, server, "/v1/traces", truncated, "application/x-protobuf"), [HttpStatusCode.OK, HttpStatusCode.BadRequest]));
        }

        for (var i = 0; i < 150; i++)
        {
            var truncated = sampleJson[..random.Next(1, sampleJson.Length - 1)];
            cases.Add(("truncated json", () => Post(http, server, "/v1/traces", truncated, "application/json"), [HttpStatusCode.BadRequest]));
        }

        string[] wrongTypes =
        [
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":5}]}]}]}""",
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"zz"}]}]}]}""",
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":{"intValue":"abc"}}]}]}]}]}""",
            """{"resourceSpans":{"not":"an array"}}""",
            """[1,2,3]""",
            "\"just a string\"",
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"-1"}]}]}]}""",
            "{\"resourceSpans\":[" + new string('[', 5000) + "]}",
            """{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"a","value":""" + string.Concat(Enumerable.Repeat("{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":", 200)) + "{}" + new string('}', 600) + "]}]}]}]}",
        ];
        for (var i = 0; i < 100; i++)
        {
            var body = Encoding.UTF8.GetBytes(wrongTypes[i % wrongTypes.Length]);
            cases.Add(("wrong json", () => Post(http, server, "/v1/traces", body, "application/json"), [HttpStatusCode.BadRequest]));
        }

        string[] contentTypes = ["text/plain", "application/xml", "multipart/form-data", "application/grpc", "", "application/x-www-form-urlencoded"];
        for (var i = 0; i < 60; i++)
        {
            var type = contentTypes[i % contentTypes.Length];
            cases.Add(("content type", () => Post(http, server, "/v1/logs", sample, type), [HttpStatusCode.UnsupportedMediaType]));
        }

        for (var i = 0; i < 60; i++)
        {
            var method = new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch }[i % 4];
            cases.Add(("method", () => Send(http, new HttpRequestMessage(method, new Uri(server.HttpEndpoint, "/v1/metrics"))), [HttpStatusCode.MethodNotAllowed]));
        }

        var bomb = OtlpRequests.GzipBomb(100 << 20);
        for (var i = 0; i < 20; i++)
        {
            // Several bombs at once may also exhaust the in-flight memory budget first: 429 is right then.
            cases.Add(("gzip bomb", () => Post(http, server, "/v1/logs", bomb, "application/x-protobuf", "gzip"), [HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.TooManyRequests]));
        }

        for (var i = 0; i < 40; i++)
        {
            var notGzip = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte)i, 0xff, 0xee };
            cases.Add(("bad gzip", () => Post(http, server, "/v1/logs", notGzip, "application/x-protobuf", "gzip"), [HttpStatusCode.BadRequest]));
        }

        for (var i = 0; i < 20; i++)
        {
            cases.Add(("oversized", () => SendOversized(http, server), [HttpStatusCode.RequestEntityTooLarge]));
        }

        var deep = new CodedNesting(2000).Bytes;
        for (var i = 0; i < 20; i++)
        {
            cases.Add(("deep protobuf", () => Post(http, server, "/v1/logs", deep, "application/x-protobuf"), [HttpStatusCode.BadRequest]));
        }

        var failures = new List<string>();
        var sent = 0;
        foreach (var batch in cases.OrderBy(_ => random.Next()).Chunk(8))
        {
            var results = await Task.WhenAll(batch.Select(async c => (c.Kind, Status: await c.Send(), c.Expected)));
            foreach (var (kind, status, expected) in results)
            {
                sent++;
                if (!expected.Contains(status))
                {
                    failures.Add($"{kind}: got {(int)status}, expected {string.Join(" or ", expected.Select(e => (int)e))}");
                }
            }

            peak = Math.Max(peak, ProcStatus.ResidentBytes(server.Pid));
            Assert.False(server.HasExited, $"the server died\n{server}");
        }

        await Task.WhenAll(slow);
        var garbageClosed = await garbage;
        stopValid.Cancel();
        var (validSent, validOk) = await valid;
        peak = Math.Max(peak, ProcStatus.PeakResidentBytes(server.Pid));

        output.WriteLine($"{sent} hostile HTTP requests, 50 garbage gRPC connections, 5 slow bodies; valid client {validOk}/{validSent}; peak RSS {peak >> 20} MiB");
        Assert.True(sent >= 1000);
        Assert.Empty(failures);
        Assert.Equal(50, garbageClosed);
        Assert.True(validSent > 10, "the valid client barely ran");
        Assert.Equal(validSent, validOk);
        Assert.True(peak < MaxResidentBytes, $"peak RSS {peak >> 20} MiB");
        Assert.Equal(validOk * 3, LedgerContents.Read(dir.Path).Spans.Count(s => s.Item.Name == "valid-client"));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task A_chunk_size_beyond_2_31_is_a_400_with_a_status_body_and_no_stack_trace_in_the_log()
    {
        using var dir = new TempDirectory("chunk");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        await server.WaitForStdoutAsync("Ready in"); // SIGTERM before that kills it without a clean exit
        using var client = new TcpClient();
        await client.ConnectAsync(server.HttpEndpoint.Host, server.HttpEndpoint.Port);
        var stream = client.GetStream();
        var request = $"POST /v1/logs HTTP/1.1\r\nHost: {server.HttpEndpoint.Authority}\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var answer = await ReadChunkedResponseAsync(stream).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await server.StopAsync());

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("{\"code\":3,\"message\":\"the body could not be read: Bad chunk size data.\"}", answer);
        Assert.DoesNotContain("Exception", server.Stderr);
        Assert.DoesNotContain("   at ", server.Stderr);
    }

    /// <summary>A response whose body is chunked, read to its last chunk or to the connection's end.</summary>
    private static async Task<string> ReadChunkedResponseAsync(NetworkStream stream)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while (!answer.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }

    private static async Task<(int Sent, int Ok)> ValidClientAsync(HttpClient http, Uri endpoint, CancellationToken stop)
    {
        var body = OtlpRequests.Spans(3, "valid-client").ToByteArray();
        var (sent, ok) = (0, 0);
        while (!stop.IsCancellationRequested)
        {
            sent++;
            var response = await http.PostAsync(new Uri(endpoint, "/v1/traces"), OtlpRequests.Content(body, "application/x-protobuf"), CancellationToken.None);
            ok += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            await Task.Delay(20, CancellationToken.None);
        }

        return (sent, ok);
    }

    private static Task<HttpStatusCode> Post(HttpClient http, ServerProcess server, string path, byte[] body, string contentType, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HttpEndpoint, path))
        {
            Content = contentType == "" ? new ByteArrayContent(body) : OtlpRequests.Content(body, contentType, encoding),
        };
        return Send(http, request);
    }

    private static Task<HttpStatusCode> SendOversized(HttpClient http, ServerProcess server)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.HttpEndpoint, "/v1/logs"))
        {
            Content = OtlpRequests.Content(new byte[25 << 20], "application/x-protobuf"),
        };
        request.Headers.ExpectContinue = true;
        return Send(http, request);
    }

    private static async Task<HttpStatusCode> Send(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
    }

    /// <summary>Headers promising a body that then trickles at a byte a second: the server must drop it, not wait.</summary>
    private static async Task SlowBodyAsync(Uri endpoint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = client.GetStream();
        var head = $"POST /v1/logs HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var started = DateTime.UtcNow;
        try
        {
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
            {
                await stream.WriteAsync(new byte[] { 0x0a });
                await Task.Delay(1000);
                if (client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0)
                {
                    return; // closed by the server
                }
            }
        }
        catch (IOException)
        {
            return;
        }

        Assert.Fail("a body trickling at one byte a second was kept open for 30 s");
    }

    /// <summary>Random bytes on the HTTP/2 port: each connection must be closed by the server (at once, or by its idle timeout).</summary>
    private static async Task<int> GarbageOnGrpcPortAsync(Uri endpoint, int connections, Random random)
    {
        var garbage = Enumerable.Range(0, connections).Select(_ =>
        {
            var bytes = new byte[random.Next(1, 2048)];
            random.NextBytes(bytes);
            return bytes;
        }).ToList();
        var closed = await Task.WhenAll(garbage.Select(async bytes =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port);
            var stream = client.GetStream();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try
            {
                await stream.WriteAsync(bytes, timeout.Token);
                var buffer = new byte[4096];
                while (await stream.ReadAsync(buffer, timeout.Token) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            return true;
        }));
        return closed.Count(c => c);
    }

    /// <summary>A protobuf logs request whose AnyValue nests deeper than any parser should follow.</summary>
    private sealed class CodedNesting(int depth)
    {
        public byte[] Bytes { get; } = Build(depth);

        private static byte[] Build(int depth)
        {
            // AnyValue.kvlist_value (6) → KeyValueList.values (1) → KeyValue.value (2) → AnyValue … innermost first.
            var inner = Array.Empty<byte>();
            for (var i = 0; i < depth; i++)
            {
                var keyValue = Wrap(2, inner);
                var list = Wrap(1, keyValue);
                inner = Wrap(6, list);
            }

            var attribute = Wrap(2, inner); // KeyValue.value
            var record = Wrap(6, attribute); // LogRecord.attributes
            var scope = Wrap(2, record); // ScopeLogs.log_records
            var resource = Wrap(2, scope); // ResourceLogs.scope_logs
            return Wrap(1, resource); // request.resource_logs
        }

        private static byte[] Wrap(int field, byte[] payload)
        {
            using var stream = new MemoryStream();
            var output = new CodedOutputStream(stream);
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(payload));
            output.Flush();
            return stream.ToArray();
        }
    }
}
