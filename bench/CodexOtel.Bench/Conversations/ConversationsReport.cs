using System.Globalization;

namespace CodexOtel.Bench.Conversations;

/// <summary>The results as Markdown tables (ready for BENCHMARKS.md) and the issue's targets, pass or fail.</summary>
internal static class ConversationsReport
{
    public const double TargetSpeedup = 90;
    public const long TargetPeakRss = 100L * 1000 * 1000;
    public const double TargetImportBytesPerSecond = 100e6;

    public static void Write(TextWriter output, ConversationsOptions options, ConversationsResult result)
    {
        var f = result.File;
        output.WriteLine();
        output.WriteLine(Invariant($"### {f.Conversations:N0} conversations: {f.Records:N0} records, {f.Bytes / 1e6:0.0} MB ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)"));
        output.WriteLine();
        output.WriteLine(Invariant($"Seed file: {f.Lines:N0} lines of {(double)f.Records / f.Lines:0} records, {f.Turns:N0} turns, {f.ToolResults:N0} tool results, {(double)f.Bytes / f.Records:0} bytes a record (seed {options.Seed}). ")
            + Invariant($"Data folder after import: {result.DataBytes / 1e6:0} MB, of which the index {result.IndexBytes / 1e6:0} MB. ")
            + Invariant($"Varied file: {result.VariedFile.Lines:N0} lines of {(double)result.VariedFile.Records / result.VariedFile.Lines:0} records (longest {result.VariedFile.LongestLine / 1e3:0} KB), {result.VariedFile.Turns:N0} turns, {result.VariedFile.ToolResults:N0} tool results, {result.VariedFile.Bytes / 1e6:0.0} MB. ")
            + Invariant($"Median of {options.Runs} runs ({options.ImportRuns} for import, {options.SeedRuns} for the seed); peak RSS is the highest of the runs."));
        output.WriteLine();
        output.WriteLine("| command | what | runs | median | fastest | peak RSS | CPU | seed ÷ this | load avg |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in result.Series)
        {
            var seed = SeedFor(result, s.Key);
            var ratio = seed is null || s.Key.StartsWith("seed", StringComparison.Ordinal) ? "" : Invariant($"{seed.Median / s.Median:0}×");
            var what = s.Key switch
            {
                "import" => Invariant($"{s.What}: **{f.Bytes / s.Median.TotalSeconds / 1e6:0} MB/s**"),
                "import-varied" => Invariant($"{s.What}: **{result.VariedFile.Bytes / s.Median.TotalSeconds / 1e6:0} MB/s**"),
                _ => s.What,
            };
            output.WriteLine(Invariant($"| `{s.Command}` | {what} | {s.Runs.Count} | {Ms(s.Median)} | {Ms(s.Min)} | {s.PeakRss / 1e6:0} MB | {Ms(s.Cpu)} | {ratio} | {s.LoadAverage:0.0} |"));
        }

        output.WriteLine();
        output.WriteLine("| target | measured | |");
        output.WriteLine("|---|---|---|");
        foreach (var (key, name) in new[] { ("list", "`list`"), ("list-all", $"`list --limit {options.Conversations}` (the seed's output: every conversation)"), ("show", "`show ID`"), ("show-raw", "`show ID --raw`") })
        {
            if (result.Find(key) is { } s && SeedFor(result, key) is { } seed)
            {
                var speedup = seed.Median / s.Median;
                output.WriteLine(Invariant($"| {name} ≥ {TargetSpeedup:0}× faster than the seed's `{(key.StartsWith("list", StringComparison.Ordinal) ? "list" : "show ID")}` | {speedup:0}× ({Ms(s.Median)} against {Ms(seed.Median)}) | {Pass(speedup >= TargetSpeedup)} |"));
                output.WriteLine(Invariant($"| {name} peak RSS ≤ {TargetPeakRss / 1e6:0} MB | {s.PeakRss / 1e6:0} MB (the seed: {seed.PeakRss / 1e6:0} MB) | {Pass(s.PeakRss <= TargetPeakRss)} |"));
            }
        }

        if (result.Find("import") is { } import)
        {
            var rate = f.Bytes / import.Median.TotalSeconds;
            output.WriteLine(Invariant($"| `import` ≥ {TargetImportBytesPerSecond / 1e6:0} MB/s | {rate / 1e6:0} MB/s ({f.Bytes / 1e6:0} MB in {Ms(import.Median)}; fastest {f.Bytes / import.Min.TotalSeconds / 1e6:0} MB/s) | {Pass(rate >= TargetImportBytesPerSecond)} |"));
            if (result.Find("import-varied") is { } varied)
            {
                var bytes = result.VariedFile.Bytes;
                output.WriteLine(Invariant($"| (for information) `import` of the varied file | {bytes / varied.Median.TotalSeconds / 1e6:0} MB/s ({bytes / 1e6:0} MB in {Ms(varied.Median)}; fastest {bytes / varied.Min.TotalSeconds / 1e6:0} MB/s) | |"));
            }

            if (result.Find("list-first") is { } first)
            {
                var total = import.Median + first.Median;
                output.WriteLine(Invariant($"| (for information) `import` + the first `list`, until everything is indexed | {f.Bytes / total.TotalSeconds / 1e6:0} MB/s ({Ms(total)}) | |"));
            }
        }

        foreach (var problem in result.Problems)
        {
            output.WriteLine($"| output check | {problem} | **FAIL** |");
        }
    }

    /// <summary>All targets measured and met, and every output check passed.</summary>
    public static bool AllPass(ConversationsResult result)
    {
        bool Fast(string key) => result.Find(key) is { } s && SeedFor(result, key) is { } seed
            && seed.Median / s.Median >= TargetSpeedup && s.PeakRss <= TargetPeakRss;

        return result.Problems.Count == 0 && Fast("list") && Fast("list-all") && Fast("show")
            && result.Find("import") is { } import && result.File.Bytes / import.Median.TotalSeconds >= TargetImportBytesPerSecond;
    }

    private static Series? SeedFor(ConversationsResult result, string key) =>
        key.StartsWith("list", StringComparison.Ordinal) ? result.Find("seed-list")
        : key.StartsWith("show", StringComparison.Ordinal) ? result.Find("seed-show")
        : null;

    private static string Pass(bool pass) => pass ? "PASS" : "**FAIL**";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds >= 10_000
        ? Invariant($"{time.TotalSeconds:0.0} s")
        : Invariant($"{time.TotalMilliseconds:N0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
