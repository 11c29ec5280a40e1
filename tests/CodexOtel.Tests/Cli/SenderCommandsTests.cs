using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Receivers.Keys;
using CodexOtel.Serve;
using CodexOtel.Store;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using CodexOtel.Tests.Store;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Tests.Cli;

/// <summary><c>show</c> says whose Codex sent a conversation, and <c>list --key</c> finds what a key sent.</summary>
public sealed class SenderCommandsTests : IDisposable
{
    private readonly TempDirectory _data = new("senders");

    [Fact]
    public async Task Show_and_show_json_name_each_key_and_address_that_sent_the_conversation_and_list_key_finds_it()
    {
        var keys = AddKeys("alice", "bob");
        await using (var host = await RecorderHost.StartAsync(new ServeOptions { DataDir = _data.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0" }))
        {
            // A real Codex capture, its first part sent with bob's key, the others with alice's.
            var (first, others) = CodexCaptureInParts();
            using var http = new HttpClient();
            await PostAsync(http, host, keys["bob"], first);
            foreach (var part in others)
            {
                await PostAsync(http, host, keys["alice"], part);
            }

            await WaitForIndexAsync();
        }

        var show = await CliRunner.RunAsync("show", "1", "--data", _data.Path);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("sent by  key \"alice\" from 127.0.0.1\n", show.Stdout);
        Assert.Contains("sent by  key \"bob\" from 127.0.0.1\n", show.Stdout);

        var json = JsonNode.Parse((await CliRunner.RunAsync("show", "1", "--data", _data.Path, "--json")).Stdout)!;
        Assert.Equal(
            ["alice@127.0.0.1", "bob@127.0.0.1"],
            json["senders"]!.AsArray().Select(s => $"{(string?)s!["key"]}@{(string?)s["address"]}").Order());

        var byAlice = JsonNode.Parse((await CliRunner.RunAsync("list", "--key", "alice", "--data", _data.Path, "--json")).Stdout)!.AsArray();
        Assert.Equal((string?)json["id"], (string?)Assert.Single(byAlice)!["id"]);
        var byCarol = JsonNode.Parse((await CliRunner.RunAsync("list", "--key", "carol", "--data", _data.Path, "--json")).Stdout)!.AsArray();
        Assert.Empty(byCarol);
    }

    public void Dispose() => _data.Dispose();

    // Name to key, each written to the keys file as `keys add` would.
    private Dictionary<string, string> AddKeys(params string[] names)
    {
        var keys = names.ToDictionary(name => name, _ => KeyFile.NewKey());
        KeyFile.Write(KeyFile.PathIn(_data.Path), keys.Select(k => new ApiKeyRecord(k.Key, KeyRole.Ingest, KeyFile.Hash(k.Value), DateTimeOffset.UtcNow)));
        return keys;
    }

    // The first half of the capture's Codex events, and the rest of the capture.
    private static (ExportLogsServiceRequest First, IEnumerable<ExportLogsServiceRequest> Others) CodexCaptureInParts()
    {
        var capture = RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl");
        var request = OtlpJsonDecoder.Decode(Signal.Logs, Encoding.UTF8.GetBytes(File.ReadLines(capture).First(l => l.Length > 0)));
        var parts = RequestSplitter.Split(request).ToList();
        var events = parts.MaxBy(RequestSplitter.CountRecords)!;
        parts.Remove(events);
        var halves = RequestSplitter.Split(events);
        return ((ExportLogsServiceRequest)halves[0], parts.Concat(halves.Skip(1)).Cast<ExportLogsServiceRequest>());
    }

    private static async Task PostAsync(HttpClient http, RecorderHost host, string key, ExportLogsServiceRequest request)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(host.HttpEndpoint, "/v1/logs")) { Content = OtlpRequests.Protobuf(request) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(post)).StatusCode);
    }

    private async Task WaitForIndexAsync()
    {
        using var store = ConversationStores.Open(_data.Path);
        for (var i = 0; i < 100 && store.AllConversations().Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Single(store.AllConversations());
    }
}
