using System.Net;
using System.Net.Sockets;
using System.Text;
using CodexOtel.Receivers;
using CodexOtel.Serve;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;

namespace CodexOtel.Tests.Receivers;

/// <summary>Clients that connect and then send slowly must not lock out the clients that send their requests.</summary>
public sealed class SlowClientTests
{
    private const int ValidRequests = 20;

    [Fact]
    public async Task Connections_trickling_their_headers_beyond_the_connection_cap_do_not_lock_out_valid_clients()
    {
        using var dir = new TempDirectory("slow-headers");
        await using var host = await StartAsync(dir.Path, new ReceiverOptions { MaxConnections = 64 });
        using var keepAlive = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, await PostAsync(keepAlive, host, closeConnection: false)); // pooled before the attack
        using var stop = new CancellationTokenSource();

        var attackers = Enumerable.Range(0, 96).Select(_ => Task.Run(() => TrickleHeadersAsync(host.HttpEndPoint, stop.Token))).ToArray();
        await Task.Delay(1000); // every slot taken, and more connections waiting for one
        var statuses = new List<string>();
        using var fresh = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < ValidRequests; i++)
        {
            statuses.Add(await StatusAsync(() => PostAsync(fresh, host, closeConnection: true)));
            statuses.Add(await StatusAsync(() => PostAsync(keepAlive, host, closeConnection: false)));
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(attackers);

        Assert.All(statuses, status => Assert.Equal("OK", status));
    }

    [Fact]
    public async Task Bodies_that_trickle_after_declaring_a_large_length_neither_push_valid_clients_into_429_nor_stay_open()
    {
        // 64 connections against 4 MiB: the same 64 KiB a connection as 1024 connections against the default 64 MiB.
        using var dir = new TempDirectory("slow-bodies");
        await using var host = await StartAsync(dir.Path, new ReceiverOptions { MaxInFlightBytes = 4 << 20 });

        var slow = Enumerable.Range(0, 64).Select(_ => Task.Run(() => TrickleBodyAsync(host.HttpEndPoint))).ToArray();
        await Task.Delay(1000); // every slow body has its headers in and has begun
        var statuses = new List<string>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < ValidRequests; i++)
        {
            statuses.Add(await StatusAsync(() => PostAsync(http, host, closeConnection: false)));
            await Task.Delay(50);
        }

        var answers = await Task.WhenAll(slow);

        Assert.All(statuses, status => Assert.Equal("OK", status));
        Assert.All(answers, answer => Assert.True(answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer));
    }

    private static Task<RecorderHost> StartAsync(string dataDir, ReceiverOptions limits) =>
        RecorderHost.StartAsync(new ServeOptions { DataDir = dataDir, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0", Limits = limits });

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, RecorderHost host, bool closeConnection)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.HttpEndpoint, "/v1/traces"))
        {
            Content = OtlpRequests.Content(OtlpRequests.Spans(3).ToByteArray(), "application/x-protobuf"),
        };
        request.Headers.ConnectionClose = closeConnection;
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The status, or the failure (refused, reset, timed out) as text, so that one assertion reports them all.</summary>
    private static async Task<string> StatusAsync(Func<Task<HttpStatusCode>> send)
    {
        try
        {
            return (await send()).ToString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Slowloris: request headers a byte every 100 ms that never end; reconnects whenever the server closes.</summary>
    private static async Task TrickleHeadersAsync(IPEndPoint endPoint, CancellationToken stop)
    {
        var head = Encoding.ASCII.GetBytes($"POST /v1/traces HTTP/1.1\r\nHost: {endPoint}\r\nX-Padding: {new string('a', 20_000)}");
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(endPoint, stop);
                var stream = client.GetStream();
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await stream.WriteAsync(head.AsMemory(i % head.Length, 1), stop);
                    await Task.Delay(100, stop);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                await Task.Delay(20, CancellationToken.None); // closed by the server: come back for another slot
            }
        }
    }

    /// <summary>Declares 100 kB and sends a byte every 2 s; returns the server's answer (or "closed" without one).</summary>
    private static async Task<string> TrickleBodyAsync(IPEndPoint endPoint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        var stream = client.GetStream();
        var head = $"POST /v1/traces HTTP/1.1\r\nHost: {endPoint}\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new byte[4096];
        var reading = stream.ReadAsync(answer, timeout.Token).AsTask();
        try
        {
            while (!reading.IsCompleted)
            {
                await stream.WriteAsync(new byte[] { 0x0a }, timeout.Token);
                await Task.WhenAny(reading, Task.Delay(2000, timeout.Token));
            }

            return Encoding.ASCII.GetString(answer, 0, await reading);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return reading.IsCompletedSuccessfully ? Encoding.ASCII.GetString(answer, 0, reading.Result) : $"closed: {e.Message}";
        }
    }
}
