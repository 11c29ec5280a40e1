using System.Collections.Concurrent;
using System.Net;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
using Xunit.Abstractions;

namespace CodexOtel.Tests.Receivers;

/// <summary>SIGKILL of the real server process under load from several clients, again and again.</summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int Kills = 6;
    private const int RecordsPerRequest = 20;

    [Fact]
    public async Task Every_acknowledged_record_survives_repeated_kill_9_exactly_once_and_the_chain_verifies()
    {
        using var dir = new TempDirectory("crash");
        var acknowledged = new ConcurrentBag<long>();
        var attempted = 0L;
        var random = new Random(7);
        for (var round = 0; round <= Kills; round++)
        {
            await using var server = await ServerProcess.StartAsync(dir.Path);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients)
                .Select(client => SendUntilStoppedAsync(server.HttpEndpoint, client, round, acknowledged, () => Interlocked.Increment(ref attempted), stop.Token))
                .ToArray();
            await Task.Delay(random.Next(300, 1200));
            if (round < Kills)
            {
                server.Kill();
            }

            stop.Cancel();
            await Task.WhenAll(clients);
            if (round == Kills)
            {
                Assert.Equal(0, await server.StopAsync());
            }
        }

        var counts = new Dictionary<long, int>();
        foreach (var record in LedgerContents.Read(dir.Path).Logs)
        {
            var id = record.Item.Attributes.Single(a => a.Key == "n").Value.IntValue;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        output.WriteLine($"{acknowledged.Count} records acknowledged of {attempted * RecordsPerRequest} sent; {counts.Count} in the ledger");
        Assert.True(acknowledged.Count > 1000, $"only {acknowledged.Count} records were acknowledged: the load was too light to prove anything");
        Assert.All(acknowledged, id => Assert.True(counts.GetValueOrDefault(id) == 1, $"acknowledged record {id} is in the ledger {counts.GetValueOrDefault(id)} times"));
        Assert.All(counts, pair => Assert.Equal(1, pair.Value));
        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, recorderRunning: false);
        Assert.True(verification.Ok, verification.Problem?.Detail);
    }

    /// <summary>Sends numbered records until stopped; never retries, so unacknowledged records appear at most once.</summary>
    private static async Task SendUntilStoppedAsync(Uri endpoint, int client, int round, ConcurrentBag<long> acknowledged, Func<long> count, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri(endpoint, "/v1/logs");
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var first = ((((long)round * 100) + client) * 1_000_000) + (sequence * RecordsPerRequest);
            var request = LedgerTestData.Logs(0, RecordsPerRequest);
            var records = request.ResourceLogs[0].ScopeLogs[0].LogRecords;
            for (var i = 0; i < records.Count; i++)
            {
                records[i].Attributes[0].Value.IntValue = first + i;
            }

            count();
            try
            {
                var response = await http.PostAsync(url, OtlpRequests.Protobuf(request), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    for (var i = 0; i < records.Count; i++)
                    {
                        acknowledged.Add(first + i);
                    }
                }
            }
            catch (HttpRequestException)
            {
                return; // the server died under us
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }
}

[CollectionDefinition(nameof(ProcessTestsCollection), DisableParallelization = true)]
public sealed class ProcessTestsCollection;
