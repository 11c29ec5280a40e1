using System.CommandLine;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Ledger.Evidence;
using CodexOtel.Otlp;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel verify [--anchors FILE]</c>: recompute the hash chains, name the first line that does not match, and
/// print each chain head (what <c>anchor</c> keeps); with anchors, also prove the ledger still holds every anchored state.
/// </summary>
internal static class VerifyCommand
{
    private static readonly Option<string?> Anchors = new("--anchors")
    {
        Description = "Also check that the ledger still holds every state in this file of anchors (written by codex-otel anchor --to)",
    };

    private static readonly Option<string?> Evidence = new("--evidence")
    {
        Description = "Check an evidence archive (from export --evidence) instead of the ledger: manifest sums, each line re-hashed into its chain entries, the entries linked; needs no ledger",
    };

    public static Command Create()
    {
        var command = new Command("verify", "Check that no ledger line was modified, inserted, deleted or reordered");
        command.Options.Add(Anchors);
        command.Options.Add(Evidence);
        command.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        if (parse.GetValue(Evidence) is { } archive)
        {
            return VerifyEvidence(archive);
        }

        var folder = CliConfig.DataDir(parse);
        var anchors = ReadAnchors(parse.GetValue(Anchors));
        if (!Directory.Exists(folder))
        {
            throw new UserError($"there is no ledger at {folder}.", "run codex-otel serve first, or give --data DIR");
        }

        var running = LedgerWriter.IsLocked(folder);
        var results = SignalNames.All.Select(signal => LedgerVerifier.Verify(folder, signal, running, AnchorCheck.Positions(anchors, signal))).ToList();
        foreach (var result in results)
        {
            Print(result);
        }

        if (results.Any(r => r.Recoveries.Count > 0))
        {
            Console.WriteLine($"Recovery deletes nothing: what it moved aside is in {folder} (otel-*.quarantine-*; what happened in otel-*.recoveries).");
        }

        var ledgerOk = results.All(r => r.Ok);
        var anchorsOk = PrintAnchors(AnchorCheck.Check(anchors, results));
        Console.WriteLine((ledgerOk, anchorsOk) switch
        {
            (true, true) => "OK",
            (false, _) => "FAILED: the ledger does not match its hash chain",
            _ => "FAILED: the ledger no longer holds every anchored state",
        });
        return ledgerOk && anchorsOk ? 0 : 1;
    }

    private static void Print(SignalVerification result)
    {
        var name = result.Signal.FileStem();
        if (result.Problem is { } problem)
        {
            Console.WriteLine($"✘ {name,-8} {problem.Segment} line {problem.Line}: {problem.Kind} — {problem.Detail}");
        }
        else
        {
            Console.WriteLine($"✔ {name,-8} {result.Lines,9:N0} lines in {result.Segments} segment(s), chain head {result.HeadHash} at entry {result.Entries:N0}");
        }

        foreach (var prune in result.Prunes)
        {
            Console.WriteLine((prune.Chained, prune.FilesRemain) switch
            {
                (true, false) => $"  ✂ {prune.Record.Describe()}; chain entries {prune.FirstEntry:N0}–{prune.LastEntry:N0}",
                (true, true) => $"  ℹ {prune.Record.Describe()}, but its files are still there (the prune was interrupted; they are verified as part of the chain)",
                (false, true) => $"  ℹ a prune of {prune.Record.Segment} was interrupted before the chain recorded it; nothing was removed",
                _ => $"  ✘ {prune.Record.Describe()}, but no prune entry in the chain proves it",
            });
        }

        // The recovery the problem line already shows is not repeated.
        var shown = result.Problem?.Kind == LedgerVerifier.Recovered ? result.Recoveries.First(r => r.Record.IsEvidence) : null;
        foreach (var recovery in result.Recoveries.Where(r => r != shown))
        {
            Console.WriteLine($"  {(recovery.Record.IsEvidence ? "✘" : "ℹ")} {recovery.Segment}: {recovery.Record.Describe()}");
        }
    }

    private static int VerifyEvidence(string path)
    {
        EvidenceVerification result;
        try
        {
            using var archive = File.OpenRead(path);
            result = EvidenceVerifier.Verify(archive);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot read the evidence archive {path}: {e.Message}", "give the file export --evidence wrote, with --evidence FILE");
        }

        if (result.Manifest is { } manifest)
        {
            Console.WriteLine($"evidence of {manifest.Selection}, made {manifest.Created.UtcDateTime:u}");
        }

        foreach (var check in result.Passed)
        {
            Console.WriteLine($"✔ {check}");
        }

        if (result.Failure is { } failure)
        {
            Console.WriteLine($"✘ {failure}");
            Console.WriteLine($"FAILED: {path} is not intact evidence");
            return 1;
        }

        var m = result.Manifest!;
        Console.WriteLine($"OK: the {m.Lines:N0} lines are as the ledger chained them. To tie them to a ledger, its {m.Signal} chain entry {m.ThroughEntry:N0} must be {m.ThroughHash}"
            + $" (when exported the chain head was entry {m.LedgerEntries:N0}, {m.LedgerHash}; compare with an anchor)");
        return 0;
    }

    private static List<(int Line, ChainAnchor? Anchor)> ReadAnchors(string? path)
    {
        if (path is null)
        {
            return [];
        }

        try
        {
            return AnchorCheck.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot read the anchors in {path}: {e.Message}", "give the file codex-otel anchor --to wrote, with --anchors FILE");
        }
    }

    /// <summary>One line per anchor, one more per head that failed; true when none failed.</summary>
    private static bool PrintAnchors(IReadOnlyList<AnchorResult> results)
    {
        foreach (var result in results)
        {
            if (result.Anchor is not { } anchor)
            {
                Console.WriteLine($"✘ anchor line {result.Line} is not an anchor (codex-otel anchor writes one JSON line each)");
                continue;
            }

            var label = $"anchor line {result.Line} ({anchor.Time.UtcDateTime:u})";
            var failed = result.Findings.Where(f => f.Status == AnchorStatus.Failed).ToList();
            if (failed.Count == 0)
            {
                var heads = string.Join(", ", result.Findings.Select(f => $"{f.Signal.FileStem()} entry {f.Entries:N0}{(f.Status == AnchorStatus.Pruned ? " (pruned)" : "")}"));
                Console.WriteLine($"✔ {label}: the ledger still holds it ({heads})");
            }

            foreach (var finding in failed)
            {
                Console.WriteLine($"✘ {label} {finding.Signal.FileStem()}: {finding.Detail}");
            }

            foreach (var pruned in result.Findings.Where(f => f.Status == AnchorStatus.Pruned))
            {
                Console.WriteLine($"  · {label} {pruned.Signal.FileStem()}: {pruned.Detail}");
            }
        }

        return results.All(r => r.Ok);
    }
}
