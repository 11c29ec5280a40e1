using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CodexOtel.Serve;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Serve;

/// <summary>serve over TLS on every port: OTLP/HTTP and gRPC, mutual TLS, and a certificate renewed while it runs.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task With_a_certificate_both_otlp_ports_speak_tls_and_keep_what_they_are_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync(tls: _certificates.Serve());
        using var http = new HttpClient(_certificates.Handler());
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint, new GrpcChannelOptions { HttpHandler = _certificates.Handler() });

        var posted = await http.PostAsync(new Uri(recorder.HttpEndpoint, "/v1/traces"), OtlpRequests.Protobuf(OtlpRequests.Spans(2)));
        await new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Spans(3));

        Assert.Equal("https", recorder.HttpEndpoint.Scheme);
        Assert.Equal("https", recorder.GrpcEndpoint.Scheme);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(5, recorder.ReadLedger().Spans.Count());
    }

    [Fact]
    public async Task Plain_http_to_a_tls_port_is_not_served()
    {
        await using var recorder = await InProcessRecorder.StartAsync(tls: _certificates.Serve());
        using var http = new HttpClient();
        var plain = new UriBuilder(recorder.HttpEndpoint) { Scheme = "http" }.Uri;

        var answer = await Record.ExceptionAsync(() => http.PostAsync(new Uri(plain, "/v1/traces"), OtlpRequests.Protobuf(OtlpRequests.Spans(1))));

        Assert.NotNull(answer);
        Assert.Empty(recorder.ReadLedger().Spans);
    }

    [Fact]
    public async Task With_mutual_tls_only_a_client_certificate_from_the_client_ca_is_let_in()
    {
        await using var recorder = await InProcessRecorder.StartAsync(tls: _certificates.Serve(mutual: true));
        var url = new Uri(recorder.HttpEndpoint, "/v1/traces");

        using var member = new HttpClient(_certificates.Handler(_certificates.ClientCertificatePath, _certificates.ClientKeyPath));
        using var stranger = new HttpClient(_certificates.Handler(_certificates.StrangerCertificatePath, _certificates.StrangerKeyPath));
        using var anonymous = new HttpClient(_certificates.Handler());

        var accepted = await member.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(1)));
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(1))));
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(1))));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(recorder.ReadLedger().Spans);
    }

    [Fact]
    public async Task A_renewed_certificate_is_served_to_new_connections_without_a_restart()
    {
        await using var recorder = await InProcessRecorder.StartAsync(tls: _certificates.Serve());
        var before = await PresentedThumbprint(recorder.HttpEndpoint);

        var renewed = _certificates.RenewServer();
        File.SetLastWriteTimeUtc(_certificates.ServerCertificatePath, DateTime.UtcNow.AddSeconds(5));
        string? after = null;
        for (var i = 0; i < 50 && after != renewed; i++)
        {
            await Task.Delay(100);
            after = await PresentedThumbprint(recorder.HttpEndpoint);
        }

        Assert.NotEqual(before, renewed);
        Assert.Equal(renewed, after);
    }

    [Fact]
    public async Task A_key_that_is_not_a_pem_key_stops_serve_with_the_file_and_the_fix()
    {
        using var data = new TempDirectory("serve");
        var broken = _certificates.Serve() with { KeyPath = _certificates.CaPath };

        var error = await Assert.ThrowsAsync<ServeException>(() => RecorderHost.StartAsync(new ServeOptions
        {
            DataDir = data.Path,
            GrpcAddress = "127.0.0.1:0",
            HttpAddress = "127.0.0.1:0",
            Tls = broken,
        }));

        Assert.StartsWith($"cannot use {_certificates.ServerCertificatePath} for TLS", error.Message);
        Assert.Contains("--tls-cert and --tls-key", error.Fix);
    }

    [Fact]
    public async Task A_key_without_a_certificate_is_refused_naming_the_missing_setting()
    {
        var result = await CliRunner.RunAsync("serve", "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", "--tls-key", _certificates.ServerKeyPath);

        CliRunner.AssertUserErrorWithFix(result, "--tls-key ([tls] key) is set without a certificate.", "set --tls-cert ([tls] cert) too");
    }

    public void Dispose() => _certificates.Dispose();

    private async Task<string> PresentedThumbprint(Uri endpoint)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, endpoint.Port);
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return new X509Certificate2(tls.RemoteCertificate!).Thumbprint;
    }
}
