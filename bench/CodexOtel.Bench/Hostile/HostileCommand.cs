using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CodexOtel.Bench.Ingest;

namespace CodexOtel.Bench.Hostile;

/// <summary>
/// <c>hostile</c>: sends each of <see cref="HostileRequests"/> to a fresh <c>codex-otel serve</c> (its own process,
/// data folder and ports) and prints the answer, how long it took and the server's peak resident memory (VmHWM)
/// before and after: the figure the README states as what one request may cost. Exit code 1 when an answer is not
/// the expected one.
/// </summary>
internal static class HostileCommand
{
    private static readonly Option<string?> Server = new("--server") { Description = "The codex-otel executable to test (default: bench/artifacts/codex-otel/codex-otel)" };
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static Command Create()
    {
        var command = new Command("hostile", "Peak memory of serve under the costliest requests within the limits, and past them");
        command.Options.Add(Server);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = parse.GetValue(Server) ?? IngestCommand.Artifact("codex-otel");
        if (!File.Exists(server))
        {
            Console.Error.WriteLine($"error: {server} does not exist.");
            Console.Error.WriteLine("  fix: bench/run-hostile.sh publishes it (or pass --server PATH)");
            return 2;
        }

        Console.WriteLine($"codex-otel under test: {server}");
        Console.WriteLine("building the requests…");
        var requests = HostileRequests.All();
        Console.WriteLine();
        Console.WriteLine($"### Hostile requests ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine("| request | body | answer | time | serve peak RSS before → after |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        var failed = false;
        foreach (var request in requests)
        {
            var (statuses, retries, elapsed, before, after) = await SendToFreshServerAsync(server, request, cancellationToken);
            var ok = statuses.All(s => s == request.ExpectedStatus);
            failed |= !ok;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {request.Name} | {request.Body.Length / 1e6:0.0} MB | {string.Join(", ", statuses.Distinct())}{(retries > 0 ? $" (after {retries} × 429)" : "")}{(ok ? "" : $" (**expected {request.ExpectedStatus}**)")} | {elapsed.TotalSeconds:0.00} s | {before / 1e6:0} → {after / 1e6:0} MB |"));
        }

        return failed ? 1 : 0;
    }

    private static async Task<(int[] Statuses, int Retries, TimeSpan Elapsed, long PeakBefore, long PeakAfter)> SendToFreshServerAsync(
        string executable, HostileRequest request, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("codex-otel-hostile-");
        try
        {
            var (grpc, http) = (FreePort.Pick(), FreePort.Pick());
            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            using var serve = ServerProcess.Start(ServerLaunch.Recorder(executable, Path.Combine(work.FullName, "data"), grpc, http), config, new Dictionary<string, string>());
            await ReadyProbe.WaitForListenerAsync(http, serve.Spawned, serve.Process, TimeSpan.FromSeconds(30));
            var before = ProcessMemory.Read(serve.Id)?.Peak ?? 0;

            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            var retries = 0;
            var clock = Stopwatch.StartNew();
            var statuses = await Task.WhenAll(Enumerable.Range(0, request.Copies).Select(async _ =>
            {
                // A client told to retry (429, as past serve's decode budget) does so after Retry-After, as SDKs do.
                while (true)
                {
                    using var content = new ByteArrayContent(request.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
                    using var response = await client.PostAsync($"http://127.0.0.1:{http}{request.Path}", content, cancellationToken);
                    if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests || response.Headers.RetryAfter?.Delta is not { } wait)
                    {
                        return (int)response.StatusCode;
                    }

                    Interlocked.Increment(ref retries);
                    await Task.Delay(wait, cancellationToken);
                }
            }));
            var elapsed = clock.Elapsed;

            // Memory freed after the answer (the ledger line written, the index catching up) still counts.
            await Task.Delay(Settle, cancellationToken);
            var after = ProcessMemory.Read(serve.Id)?.Peak ?? 0;
            await serve.StopAsync(TimeSpan.FromSeconds(10));
            return (statuses, retries, elapsed, before, after);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
