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
        var folder = DataDirectory.Resolve(parse.GetValue(CommonOptions.Data));
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
        }

        var ok = results.All(r => r.Ok);
        Console.WriteLine(ok ? "OK" : "FAILED: the ledger does not match its hash chain");
        return ok ? 0 : 1;
    }
}
