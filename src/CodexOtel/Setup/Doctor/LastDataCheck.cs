using CodexOtel.Codex;
using CodexOtel.Otlp;
using CodexOtel.Store;

namespace CodexOtel.Setup;

/// <summary>Per signal, when its newest ledger line was stored and its conversation; and the latest conversation in the index.</summary>
internal static class LastDataCheck
{
    public static DoctorCheck Run(
        string dataDir, bool exists, IReadOnlyList<SignalActivity> activity, ConversationSummary? latest, DateTimeOffset now, FixCommands commands)
    {
        var folder = CodexHome.Display(dataDir);
        if (!exists || activity.All(a => a.Never))
        {
            return new DoctorCheck("last_data", CheckStatus.Info, $"nothing recorded yet in {folder}: use Codex once, then run codex-otel doctor again");
        }

        var parts = activity.Select(a => a.Never
            ? $"{a.Signal.FileStem()} never"
            : $"{a.Signal.FileStem()} {DoctorText.Ago(a.Written!.Value, now)}{(a.Conversation is { } c ? $" (conversation {DoctorText.ShortId(c)})" : "")}");
        var details = new List<string>();
        if (latest is not null)
        {
            details.Add($"latest conversation in the index: {latest.Id}, started {DoctorText.Ago(latest.Started, now)}" +
                        (latest.FirstPrompt is { Length: > 0 } prompt ? $" — \"{DoctorText.OneLine(prompt, 60)}\"" : "") +
                        $" ({commands.Show})");
        }

        var status = activity.Any(a => a.Never) ? CheckStatus.Info : CheckStatus.Ok;
        return new DoctorCheck("last_data", status, $"last data: {string.Join(", ", parts)}") { Details = details };
    }

    public static async Task<ConversationSummary?> LatestConversationAsync(string dataDir, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDir, "index.sqlite")))
        {
            return null;
        }

        try
        {
            using var store = ConversationStores.Open(dataDir);
            return (await store.ListAsync(new ConversationQuery { Limit = 1 }, cancellationToken)).Conversations.FirstOrDefault();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The index is derived and rebuildable; doctor reports on the ledger.
            return null;
        }
    }
}
