using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CodexOtel.Serve.Tls;

namespace CodexOtel.Setup;

/// <summary>How a port answered a probe.</summary>
internal enum ProbeOutcome
{
    /// <summary>Speaks what it should: OTLP/HTTP answered 200, or the gRPC port answered HTTP/2.</summary>
    Answers,

    /// <summary>OTLP/HTTP answered 401: a recorder that wants an API key the probe did not have.</summary>
    NeedsApiKey,

    /// <summary>Something listens but does not answer like the recorder.</summary>
    Wrong,

    /// <summary>Nothing accepts connections there.</summary>
    Refused,
}

internal sealed record ProbeResult(ProbeOutcome Outcome, string Detail);

/// <summary>
/// Checks the recorder's ports the way Codex would reach them: OTLP/HTTP gets a real, empty export request
/// (POST /v1/logs, protobuf, no records — the recorder answers 200 and writes nothing); the gRPC port gets the HTTP/2
/// connection preface and must answer with an HTTP/2 SETTINGS frame.
/// </summary>
internal static class RecorderProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <param name="hostPort">where to connect</param>
    /// <param name="apiKey">the key to send, if any</param>
    /// <param name="tls">with TLS, how to trust serve's certificate; null: plain HTTP</param>
    /// <param name="cancellationToken">stops the probe</param>
    public static async Task<ProbeResult> HttpAsync(string hostPort, string? apiKey, RecorderTrust? tls, CancellationToken cancellationToken = default)
    {
        var plain = new SocketsHttpHandler { ConnectTimeout = Timeout, UseProxy = false };
        using var handler = tls?.Handler(plain) ?? plain;
        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{(tls is null ? "http" : "https")}://{hostPort}/v1/logs")
        {
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => new ProbeResult(ProbeOutcome.Answers, "an empty OTLP/HTTP export was answered 200"),
                HttpStatusCode.Unauthorized => new ProbeResult(
                    ProbeOutcome.NeedsApiKey,
                    apiKey is null ? "it requires an API key" : "it refused the API key codex-otel knows"),
                var status => new ProbeResult(ProbeOutcome.Wrong, $"an empty OTLP/HTTP export was answered {(int)status} {status}: another program?"),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return Refused(socket);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return Handshake(e, tls);
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(ProbeOutcome.Wrong, $"it did not answer as OTLP/HTTP: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ProbeOutcome.Wrong, $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }

    /// <param name="hostPort">where to connect</param>
    /// <param name="tls">with TLS, how to trust serve's certificate (HTTP/2 is then asked for by ALPN); null: plain</param>
    /// <param name="cancellationToken">stops the probe</param>
    public static async Task<ProbeResult> Http2Async(string hostPort, RecorderTrust? tls, CancellationToken cancellationToken = default)
    {
        if (!TryParse(hostPort, out var endPoint))
        {
            return new ProbeResult(ProbeOutcome.Wrong, $"\"{hostPort}\" is not HOST:PORT");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            await using var stream = await ConnectionStream(socket, tls, endPoint, timeout.Token);

            // Client preface, then an empty SETTINGS frame; a server's first frame is its own SETTINGS (type 4).
            var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray().Concat(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 }).ToArray();
            await stream.WriteAsync(preface, timeout.Token);
            var header = new byte[9];
            var read = 0;
            while (read < header.Length)
            {
                var n = await stream.ReadAsync(header.AsMemory(read), timeout.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == header.Length && header[3] == 4
                ? new ProbeResult(ProbeOutcome.Answers, "it accepts HTTP/2 (gRPC)")
                : new ProbeResult(ProbeOutcome.Wrong, read >= 4 && header.AsSpan(0, 4).SequenceEqual("HTTP"u8)
                    ? "it answers HTTP/1.1, not HTTP/2: not a gRPC port (is this the OTLP/HTTP port?)"
                    : "it accepted the connection but did not answer HTTP/2");
        }
        catch (SocketException e)
        {
            return Refused(e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException && tls is not null)
        {
            return Handshake(e, tls);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(ProbeOutcome.Wrong, $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<Stream> ConnectionStream(Socket socket, RecorderTrust? tls, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        if (tls is null)
        {
            return stream;
        }

        var secure = new SslStream(stream);
        await secure.AuthenticateAsClientAsync(tls.ClientOptions(endPoint.Address.ToString(), SslApplicationProtocol.Http2), cancellationToken);
        return secure;
    }

    /// <summary>A TLS handshake that failed: most often serve wants a client certificate (mutual TLS), or is not serve.</summary>
    private static ProbeResult Handshake(Exception e, RecorderTrust? tls) => new(
        ProbeOutcome.Wrong,
        $"the TLS handshake failed ({(e.InnerException ?? e).Message}): serve may require a client certificate (mutual TLS), or its certificate is not {tls?.CertificatePath}");

    private static ProbeResult Refused(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new ProbeResult(ProbeOutcome.Refused, "nothing listens there"),
        _ => new ProbeResult(ProbeOutcome.Refused, e.Message),
    };

    private static bool TryParse(string hostPort, out IPEndPoint endPoint)
    {
        var colon = hostPort.LastIndexOf(':');
        endPoint = null!;
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), out var port))
        {
            return false;
        }

        var host = hostPort[..colon].Trim('[', ']');
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : null;
        if (address is null)
        {
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
