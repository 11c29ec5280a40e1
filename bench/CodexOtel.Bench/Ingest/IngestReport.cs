using System.Globalization;
using CodexOtel.Bench.Payloads;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Ingest;

/// <summary>The results as Markdown tables (ready to paste into BENCHMARKS.md) and the issue's targets, pass or fail.</summary>
internal static class IngestReport
{
    public const double TargetRecordsPerSecond = 100_000;
    public const double TargetRatio = 0.5;
    public const long TargetPeakRss = 150L * 1000 * 1000;
    public static readonly TimeSpan TargetReady = TimeSpan.FromMilliseconds(500);

    public static void Write(TextWriter output, IngestOptions options, PreparedPayloads payloads, IReadOnlyList<RunResult> results, StartupRuns.Summary? startup)
    {
        var records = payloads.Signal == Signal.Traces ? "spans" : "log records";
        output.WriteLine();
        output.WriteLine(Invariant($"### {payloads.Signal.FileStem()}: {options.Clients} clients, {options.Duration.TotalSeconds:0} s measured after {options.Warmup.TotalSeconds:0} s warm-up, {PreparedPayloads.RecordsPerRequest} {records} a request"));
        output.WriteLine();
        output.WriteLine(Invariant($"Payload: {payloads.ProtobufBytesPerRequest / 1024:0} KiB protobuf a request, {payloads.AttributesPerRecord:0.0} attributes and {payloads.JsonBytesPerRecord:0} bytes of OTLP-JSON a record."));
        output.WriteLine();
        output.WriteLine("| transport | server | records/s | p50 ms | p99 ms | peak RSS | server CPU | server CPU / record | client CPU | ready | first ack | pushed back | errors | ledger holds | load avg |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var group in results.GroupBy(r => r.Transport))
        {
            foreach (var r in group)
            {
                output.WriteLine(Invariant($"| {r.Transport.Display()} | {r.Server} | {r.Load.RecordsPerSecond:N0} | {r.Load.P50Ms:0.0} | {r.Load.P99Ms:0.0} | {Mb(r.PeakRss)} | {r.ServerCores:0.00} cores | {r.ServerMicrosecondsPerRecord:0.0} µs | {r.ClientCores:0.00} cores | {r.Ready.TotalMilliseconds:0} ms | {r.FirstAck.TotalMilliseconds:0} ms | {r.Load.PushedBack:N0} | {r.Load.Errors:N0} | {LedgerCheck(r)} | {r.LoadAverage:0.0} |"));
            }

            if (group.Any(r => r.Redacted) && group.Any(r => r.IsLedger && !r.Redacted))
            {
                var on = group.First(r => r.Redacted);
                var off = group.First(r => r.IsLedger && !r.Redacted);
                output.WriteLine(Invariant($"| {group.Key.Display()} | **redaction on ÷ off** | **{on.Load.RecordsPerSecond / off.Load.RecordsPerSecond:P0}** | | | | | **{off.ServerMicrosecondsPerRecord / on.ServerMicrosecondsPerRecord:P0}** | | | | | | | |"));
            }

            if (Ratio(group) is { } ratio)
            {
                output.WriteLine(Invariant($"| {group.Key.Display()} | **ledger ÷ sink** | **{ratio:P0}** | | | | | **{CpuRatio(group):P0}** | | | | | | | |"));
            }
        }

        output.WriteLine();
        output.WriteLine("| target | " + string.Join(" | ", results.Select(r => r.Transport).Distinct().Select(t => t.Display())) + " |");
        output.WriteLine("|---|" + string.Concat(results.Select(r => r.Transport).Distinct().Select(_ => "---|")));
        Target(output, results, $"≥ {TargetRecordsPerSecond:N0} {records}/s acknowledged durably", r => Pass(r.Load.RecordsPerSecond >= TargetRecordsPerSecond, $"{r.Load.RecordsPerSecond:N0}"));
        Target(output, results, $"≥ {TargetRatio:P0} of the discard sink's rate", (r, all) => Ratio(all.Where(x => x.Transport == r.Transport)) is { } ratio
            ? Pass(ratio >= TargetRatio, $"{ratio:P0}")
            : "(no sink run)");
        Target(output, results, "… the same, from CPU time per record (sink µs ÷ ledger µs; robust to other load)", (r, all) => CpuRatio(all.Where(x => x.Transport == r.Transport)) is { } ratio
            ? Pass(ratio >= TargetRatio, $"{ratio:P0}")
            : "(no sink run)");
        Target(output, results, "peak RSS ≤ 150 MB", r => Pass(r.PeakRss <= TargetPeakRss, Mb(r.PeakRss)));
        Target(output, results, "ready to accept ≤ 0.5 s after start (under load run)", r => Pass(r.Ready <= TargetReady, $"{r.Ready.TotalMilliseconds:0} ms"));
        if (startup is not null)
        {
            output.WriteLine(Invariant($"| ready to accept ≤ 0.5 s after start, median of {startup.Runs} unloaded starts | {Pass(startup.MedianReady <= TargetReady, $"{startup.MedianReady.TotalMilliseconds:0} ms (max {startup.MaxReady.TotalMilliseconds:0} ms; first export acked at {startup.MedianFirstAck.TotalMilliseconds:0} ms)")} |"));
        }

        Target(output, results, "ledger holds exactly the acknowledged records", r => Pass(r.LedgerMatches && r.ExitCode == 0, LedgerCheck(r)));
    }

    public static bool AllPass(IReadOnlyList<RunResult> results, StartupRuns.Summary? startup) =>
        (startup is null || startup.MedianReady <= TargetReady)
        && results.Where(r => r.IsLedger).All(r =>
            r.Load.RecordsPerSecond >= TargetRecordsPerSecond
            && r.PeakRss <= TargetPeakRss
            && (startup is not null || r.Ready <= TargetReady)
            && r.LedgerMatches
            && (Ratio(results.Where(x => x.Transport == r.Transport)) ?? 1) >= TargetRatio);

    private static double? Ratio(IEnumerable<RunResult> runs)
    {
        var ledger = runs.FirstOrDefault(r => r.IsLedger);
        var sink = runs.FirstOrDefault(r => !r.IsLedger);
        return ledger is null || sink is null || sink.Load.RecordsPerSecond == 0 ? null : ledger.Load.RecordsPerSecond / sink.Load.RecordsPerSecond;
    }

    /// <summary>The rate ratio the two would reach with the same CPU: what the ledger costs per record against the sink.</summary>
    private static double? CpuRatio(IEnumerable<RunResult> runs)
    {
        var ledger = runs.FirstOrDefault(r => r.IsLedger);
        var sink = runs.FirstOrDefault(r => !r.IsLedger);
        return ledger is null || sink is null ? null : sink.ServerMicrosecondsPerRecord / ledger.ServerMicrosecondsPerRecord;
    }

    private static void Target(TextWriter output, IReadOnlyList<RunResult> results, string name, Func<RunResult, string> cell) =>
        Target(output, results, name, (r, _) => cell(r));

    private static void Target(TextWriter output, IReadOnlyList<RunResult> results, string name, Func<RunResult, IReadOnlyList<RunResult>, string> cell)
    {
        var cells = results.Where(r => r.IsLedger).Select(r => cell(r, results));
        output.WriteLine(Invariant($"| {name} | {string.Join(" | ", cells)} |"));
    }

    private static string Pass(bool pass, string value) => $"{value} {(pass ? "PASS" : "**FAIL**")}";

    private static string LedgerCheck(RunResult r) => r.Ledger is null
        ? "n/a"
        : r.LedgerMatches ? Invariant($"exactly {r.Ledger.Records:N0}") : Invariant($"{r.Ledger.Records:N0} ≠ {r.ExpectedRecords:N0} acked");

    private static string Mb(long bytes) => Invariant($"{bytes / 1_000_000.0:0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
