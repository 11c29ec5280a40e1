using System.Globalization;
using System.Text;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Ledger.Evidence;
using CodexOtel.Otlp;
using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary>
/// <c>export ID --evidence -o FILE</c> (or <c>--since/--until</c>): one archive an auditor can check without the ledger —
/// the conversations' raw logs ledger lines, the chain entries that prove them, a manifest of SHA-256 sums and the
/// reports (<c>show</c>'s text and the Markdown export). See <see cref="EvidenceArchive"/>.
/// </summary>
internal static class EvidenceExport
{
    public static async Task<int> RunAsync(
        IConversationStore store, string dataDir, string? conversation, DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone, string? path, CancellationToken cancellationToken)
    {
        if (path is null or "-")
        {
            throw new UserError("--evidence writes an archive: give it a file with -o FILE.", "codex-otel export ID --evidence -o evidence.tar");
        }

        if (conversation is not null && (since is not null || until is not null))
        {
            throw new UserError("give a conversation or --since/--until, not both.", "codex-otel export ID --evidence -o FILE, or codex-otel export --since 2026-11-01 --until 2026-12-01 --evidence -o FILE");
        }

        var ids = since is null && until is null
            ? [(await ConversationArgument.ResolveAsync(store, conversation)).Id]
            : await InRangeAsync(store, since, until, cancellationToken);
        var selection = since is null && until is null
            ? $"conversation {ids[0]}"
            : $"the {ids.Count} conversations started from {Bound(since)} until {Bound(until)}: {string.Join(", ", ids)}";

        EvidenceChain chain;
        try
        {
            chain = LedgerEvidence.Collect(dataDir, Signal.Logs, line => ConversationLedgerLines.Holds(line, ids), cancellationToken);
        }
        catch (LedgerDamagedException e)
        {
            throw new UserError(e.Message, "codex-otel verify names the line; evidence can only be made of lines the chain proves");
        }

        if (chain.Lines.Count == 0)
        {
            throw new UserError($"the logs ledger holds no line of {selection} (imported rollout-only conversations have none).", "codex-otel reindex rebuilds the index from the ledger");
        }

        var reports = new List<(string Name, byte[] Content)>();
        var queries = new ConversationQueries(store);
        foreach (var id in ids)
        {
            if (await queries.TimelineAsync(id, cancellationToken) is not { } timeline)
            {
                continue;
            }

            using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            ShowCommand.WriteText(timeline, zone, text, 100);
            reports.Add(($"report/{id}.txt", Encoding.UTF8.GetBytes(text.ToString())));
            using var markdown = new MemoryStream();
            ExportCommand.WriteMarkdown(timeline, zone, markdown);
            reports.Add(($"report/{id}.md", markdown.ToArray()));
        }

        using (var output = ExportCommand.Open(path))
        {
            EvidenceArchive.Write(output, chain, selection, ChainHead.Read(dataDir, Signal.Logs), reports, DateTimeOffset.UtcNow);
        }

        // What an auditor will run, run first: an archive that does not check out is not handed over as evidence.
        using (var written = File.OpenRead(path))
        {
            if (EvidenceVerifier.Verify(written) is { Failure: { } failure })
            {
                throw new UserError($"the archive written to {path} does not verify ({failure}): the ledger changed while it was read.", "run codex-otel verify, then export again");
            }
        }

        Console.Error.WriteLine(
            $"wrote evidence of {(ids.Count == 1 ? $"conversation {ids[0]}" : $"{ids.Count} conversations")} to {path}: {chain.Lines.Count} ledger line{(chain.Lines.Count == 1 ? "" : "s")}, "
            + $"chain entries {chain.Entries[0].Position:N0}–{chain.Entries[^1].Position:N0}, {reports.Count} report files; `codex-otel verify --evidence {path}` checks it");
        return 0;
    }

    private static async Task<List<string>> InRangeAsync(IConversationReader store, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        ConversationPosition? after = null;
        do
        {
            var page = await store.ListAsync(new ConversationQuery { Since = since, Until = until, After = after, Limit = 500 }, cancellationToken);
            ids.AddRange(page.Conversations.Select(c => c.Id));
            after = page.Next;
        }
        while (after is not null);

        if (ids.Count == 0)
        {
            throw new UserError($"no conversation started from {Bound(since)} until {Bound(until)}.", "widen --since/--until; codex-otel list shows what is recorded");
        }

        ids.Reverse(); // oldest first, as the ledger holds them
        return ids;
    }

    private static string Bound(DateTimeOffset? time) => time?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "any time";
}
