using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary>
/// Turns what the user typed into one conversation: a full id, a unique prefix, a row number of <c>list</c> (1 = newest),
/// or nothing (the latest). Anything else is an error that lists the candidates.
/// </summary>
internal static class ConversationArgument
{
    private const int MaxRowNumberDigits = 4;

    public static async Task<ConversationSummary> ResolveAsync(IConversationReader store, string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return (await store.ListAsync(new ConversationQuery { Limit = 1 })).Conversations.FirstOrDefault()
                ?? throw new UserError("no conversation has been recorded yet.", "use Codex with its [otel] exporters pointed at `codex-otel serve`");
        }

        var text = argument.Trim();
        if (text.Length <= MaxRowNumberDigits && text.All(char.IsAsciiDigit) && int.TryParse(text, out var row) && row > 0)
        {
            var rows = (await store.ListAsync(new ConversationQuery { Limit = row })).Conversations;
            return rows.Count >= row
                ? rows[row - 1]
                : throw new UserError($"there are only {rows.Count} conversations; row {row} does not exist.", "codex-otel list");
        }

        var match = await store.FindAsync(text);
        return match.Kind switch
        {
            MatchKind.Exact or MatchKind.UniquePrefix => match.Found!,
            MatchKind.Ambiguous => throw new UserError(
                $"\"{text}\" matches {match.Conversations.Count} conversations: {string.Join(", ", match.Conversations.Take(5).Select(c => Format.ShortId(c.Id) + "…"))}{(match.Conversations.Count > 5 ? ", …" : "")} — give more characters.",
                null),
            _ => throw new UserError(
                $"no conversation \"{text}\"." + (match.Conversations.Count > 0 ? $" Close: {string.Join(", ", match.Conversations.Take(5).Select(c => c.Id))}" : ""),
                "codex-otel list shows the recorded conversations"),
        };
    }
}
