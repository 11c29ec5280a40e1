using System.Net;
using System.Net.Http.Headers;
using CodexOtel.Receivers.Keys;
using CodexOtel.Serve;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Receivers.Keys;

/// <summary>Named keys: made by <c>keys add</c>, stored hashed, taken and revoked by a running serve without a restart.</summary>
public sealed class NamedKeyTests : IDisposable
{
    private readonly TempDirectory _data = new("keys");

    [Fact]
    public async Task Keys_add_prints_the_key_once_and_keeps_only_its_hash_in_a_private_file()
    {
        var added = await CliRunner.RunAsync("keys", "add", "alice-laptop", "--data", _data.Path);

        Assert.True(added.ExitCode == 0, added.ToString());
        var key = added.Stdout.Trim();
        Assert.StartsWith("cxo_", key);
        var file = KeyFile.PathIn(_data.Path);
        Assert.DoesNotContain(key, File.ReadAllText(file));
        Assert.Contains(KeyFile.Hash(key), File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains("It is not shown again", added.Stderr);

        var listed = await CliRunner.RunAsync("keys", "list", "--data", _data.Path);
        Assert.Matches(@"alice-laptop\s+ingest\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", listed.Stdout);
        Assert.DoesNotContain(key, listed.Stdout);
    }

    [Fact]
    public async Task Serve_takes_a_named_key_on_both_ports_refuses_others_and_a_revoked_one_within_seconds()
    {
        var alice = await AddKeyAsync("alice");
        var reader = await AddKeyAsync("auditor", "--read");
        await using var host = await RecorderHost.StartAsync(new ServeOptions { DataDir = _data.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0" });
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var grpc = new TraceService.TraceServiceClient(channel);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(http, host, alice));
        await grpc.ExportAsync(OtlpRequests.Spans(1), new Metadata { { "authorization", $"Bearer {alice}" } });
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, host, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, host, "cxo_not-a-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, host, reader)); // a read token cannot send
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(OtlpRequests.Spans(1)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        var revoked = await CliRunner.RunAsync("keys", "revoke", "alice", "--data", _data.Path);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 50 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            status = await PostAsync(http, host, alice);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, host, null)); // the last key revoked shuts out, not opens
        var refused = await Assert.ThrowsAsync<RpcException>(() => grpc.ExportAsync(OtlpRequests.Spans(1), new Metadata { { "authorization", $"Bearer {alice}" } }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Matches(@"alice\s+ingest\s+\S+ \S+\s+\d{4}-", (await CliRunner.RunAsync("keys", "list", "--data", _data.Path)).Stdout);
    }

    [Fact]
    public async Task A_non_loopback_serve_starts_with_a_named_key_and_no_api_key()
    {
        await AddKeyAsync("team");

        await using var host = await RecorderHost.StartAsync(new ServeOptions { DataDir = _data.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "0.0.0.0:0" });

        Assert.Equal(IPAddress.Any, host.HttpEndPoint.Address);
    }

    [Fact]
    public async Task A_name_in_use_or_not_a_name_is_a_user_error()
    {
        await AddKeyAsync("bob");

        CliRunner.AssertUserErrorWithFix(await CliRunner.RunAsync("keys", "add", "bob", "--data", _data.Path), "a key named bob exists already.", "choose another name");
        CliRunner.AssertUserError(await CliRunner.RunAsync("keys", "add", "bob smith", "--data", _data.Path), "\"bob smith\" is not a key name.");
        CliRunner.AssertUserError(await CliRunner.RunAsync("keys", "revoke", "carol", "--data", _data.Path), "there is no key named carol.");
    }

    public void Dispose() => _data.Dispose();

    private async Task<string> AddKeyAsync(string name, params string[] more)
    {
        var added = await CliRunner.RunAsync(["keys", "add", name, "--data", _data.Path, .. more]);
        Assert.True(added.ExitCode == 0, added.ToString());
        return added.Stdout.Trim();
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, RecorderHost host, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.HttpEndpoint, "/v1/traces")) { Content = OtlpRequests.Protobuf(OtlpRequests.Spans(1)) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
