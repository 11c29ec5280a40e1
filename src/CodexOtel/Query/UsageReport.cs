using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>Adds the store's usage rows (per day, model and conversation) up into groups and a total, each priced.</summary>
internal static class UsageReport
{
    public static UsageView Of(IReadOnlyList<UsageRow> rows, UsageGrouping by, PriceTable prices)
    {
        var groups = new Dictionary<(DateOnly?, string, string?), Group>();
        var total = new Group();
        foreach (var row in rows)
        {
            var model = row.Model ?? "?";
            var key = by switch
            {
                UsageGrouping.Day => ((DateOnly?)row.Day, model, (string?)null),
                UsageGrouping.Model => (null, model, null),
                _ => (null, model, row.ConversationId),
            };
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Group();
            }

            var cost = prices.Cost(row.Model, row.Tokens);
            group.Add(row, cost);
            total.Add(row, cost);
        }

        var ordered = groups
            .OrderBy(g => g.Key.Item1)
            .ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Item3, StringComparer.Ordinal)
            .Select(g => g.Value.View(g.Key.Item1, g.Key.Item2, g.Key.Item3))
            .ToList();
        return new UsageView(ordered, total.View(null, null, null));
    }

    private sealed class Group
    {
        private readonly HashSet<string> _conversations = new(StringComparer.Ordinal);
        private int _turns;
        private TokenUsage _tokens;
        private decimal? _cost = 0m;

        public void Add(UsageRow row, decimal? cost)
        {
            _conversations.Add(row.ConversationId);
            _turns += row.Turns;
            _tokens += row.Tokens;
            _cost = _cost is null || cost is null ? null : _cost + cost;
        }

        public UsageRowView View(DateOnly? day, string? model, string? conversation) => new()
        {
            Day = day,
            Model = model,
            Conversation = conversation,
            Conversations = _conversations.Count,
            Turns = _turns,
            Tokens = TokensView.Of(_tokens),
            CostUsd = _cost,
        };
    }
}
