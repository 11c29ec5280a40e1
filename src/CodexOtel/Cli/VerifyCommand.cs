using System.CommandLine;
using CodexOtel.Ledger;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel verify</c>: recompute the hash chains and name the first line that does not match.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify", "Check that no ledger line was modified, inserted, deleted or reordered");
        command.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var folder = CliConfig.DataDir(parse);
        if (!Directory.Exists(folder))
        {
            throw new UserError($"there is no ledger at {folder}.", "run codex-otel serve first, or give --data DIR");
        }

        var results = LedgerVerifier.Verify(folder, LedgerWriter.IsLocked(folder));
        foreach (var result in results)
        {
            var name = result.Signal.ToString().ToLowerInvariant();
            if (result.Problem is { } problem)
            {
                Console.WriteLine($"✘ {name,-8} {problem.Segment} line {problem.Line}: {problem.Kind} — {problem.Detail}");
            }
            else
            {
                Console.WriteLine($"✔ {name,-8} {result.Lines,9:N0} lines in {result.Segments} segment(s), chain head {result.HeadHash[..16]}…");
            }

            // The recovery the problem line already shows is not repeated.
            var shown = result.Problem?.Kind == LedgerVerifier.Recovered ? result.Recoveries.First(r => r.Record.IsEvidence) : null;
            foreach (var recovery in result.Recoveries.Where(r => r != shown))
            {
                Console.WriteLine($"  {(recovery.Record.IsEvidence ? "✘" : "ℹ")} {recovery.Segment}: {recovery.Record.Describe()}");
            }
        }

        if (results.Any(r => r.Recoveries.Count > 0))
        {
            Console.WriteLine($"Recovery deletes nothing: what it moved aside is in {folder} (otel-*.quarantine-*; what happened in otel-*.recoveries).");
        }

        var ok = results.All(r => r.Ok);
        Console.WriteLine(ok ? "OK" : "FAILED: the ledger does not match its hash chain");
        return ok ? 0 : 1;
    }
}
