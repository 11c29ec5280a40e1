using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>Rows of <c>conversations</c> (the precomputed summaries that <c>list</c> reads), with their usage and turns.</summary>
internal static class SqliteSummaries
{
    private static readonly string[] Columns =
    [
        "id", "started", "ended", "model", "provider", "originator", "app_version", "terminal", "approval_policy",
        "sandbox_policy", "reasoning_effort", "turns", "tool_calls", "denials", "errors", "input_tokens", "cached_tokens",
        "output_tokens", "reasoning_tokens", "tokens_by_model", "first_prompt", "source",
    ];

    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public static readonly string Select = string.Join(", ", Columns);

    /// <summary>How many columns <see cref="Select"/> has: a query's own columns come after them.</summary>
    public static int ColumnCount => Columns.Length;

    public static void Save(SqliteConnection connection, IEnumerable<IndexedConversation> conversations)
    {
        // Priced as the stored costs are (SqlitePrices), in the caller's transaction: a reprice is all before or all after.
        var prices = SqlitePrices.Load(connection);
        using var upsert = new RawStatement(
            connection, $"INSERT OR REPLACE INTO conversations ({Select}, cost_nano_usd) VALUES ({string.Join(", ", Columns.Select(_ => "?"))}, ?)");
        using var clearUsage = new RawStatement(connection, "DELETE FROM usage WHERE conversation_id = ?");
        using var addUsage = new RawStatement(
            connection,
            """
            INSERT INTO usage (conversation_id, bucket, model, turns, responses, input_tokens, cached_tokens, output_tokens,
                reasoning_tokens, tool_calls, denials, errors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """);
        using var clearTurns = new RawStatement(connection, "DELETE FROM turns WHERE conversation_id = ?");
        using var addTurn = new RawStatement(connection, "INSERT OR REPLACE INTO turns VALUES (?, ?, ?)");
        using var clearSenders = new RawStatement(connection, "DELETE FROM conversation_senders WHERE conversation_id = ?");
        using var addSender = new RawStatement(connection, "INSERT OR IGNORE INTO conversation_senders VALUES (?, ?, ?)");
        using var fresh = new RawStatement(connection, "DELETE FROM stale_conversations WHERE id = ?");
        using var rollup = new SqliteUsageRollup(connection);

        foreach (var conversation in conversations)
        {
            var s = conversation.Summary;
            Bind(upsert, s);
            upsert.Bind(Columns.Length + 1, SqlitePrices.NanoUsd(prices.Cost(s)));
            upsert.Execute();

            rollup.Withdraw(s.Id);
            clearUsage.Bind(1, s.Id);
            clearUsage.Execute();
            foreach (var b in UsageBuckets.Of(conversation))
            {
                addUsage.Bind(1, s.Id);
                addUsage.Bind(2, b.Number);
                addUsage.Bind(3, b.Model);
                addUsage.Bind(4, b.Turns);
                addUsage.Bind(5, b.Responses);
                addUsage.Bind(6, b.Tokens.Input);
                addUsage.Bind(7, b.Tokens.CachedInput);
                addUsage.Bind(8, b.Tokens.Output);
                addUsage.Bind(9, b.Tokens.Reasoning);
                addUsage.Bind(10, b.ToolCalls);
                addUsage.Bind(11, b.Denials);
                addUsage.Bind(12, b.Errors);
                addUsage.Execute();
            }

            rollup.Deposit(s.Id);

            clearTurns.Bind(1, s.Id);
            clearTurns.Execute();
            foreach (var turn in conversation.Turns)
            {
                addTurn.Bind(1, s.Id);
                addTurn.Bind(2, turn.Number);
                addTurn.Bind(3, turn.Started.UtcTicks);
                addTurn.Execute();
            }

            clearSenders.Bind(1, s.Id);
            clearSenders.Execute();
            foreach (var sender in conversation.Senders)
            {
                addSender.Bind(1, s.Id);
                addSender.Bind(2, sender.Key ?? "");
                addSender.Bind(3, sender.Address ?? "");
                addSender.Execute();
            }

            fresh.Bind(1, s.Id);
            fresh.Execute();
        }
    }

    public static ConversationSummary Read(RawStatement row) => new()
    {
        Id = Text(row, 0)!,
        Started = new DateTimeOffset(row.Int64(1), TimeSpan.Zero),
        Ended = new DateTimeOffset(row.Int64(2), TimeSpan.Zero),
        Model = Text(row, 3),
        Provider = Text(row, 4),
        Originator = Text(row, 5),
        AppVersion = Text(row, 6),
        Terminal = Text(row, 7),
        ApprovalPolicy = Text(row, 8),
        SandboxPolicy = Text(row, 9),
        ReasoningEffort = Text(row, 10),
        Turns = (int)row.Int64(11),
        ToolCalls = (int)row.Int64(12),
        Denials = (int)row.Int64(13),
        Errors = (int)row.Int64(14),
        Tokens = new TokenUsage(row.Int64(15), row.Int64(16), row.Int64(17), row.Int64(18)),
        TokensByModel = TokensByModelJson.Read(row.Utf8(19)),
        FirstPrompt = Text(row, 20),
        Source = Text(row, 21)!,
    };

    /// <summary>Runs a query selecting <see cref="Select"/> and reads every row.</summary>
    public static List<ConversationSummary> ReadAll(RawStatement query)
    {
        var list = new List<ConversationSummary>();
        try
        {
            while (query.Step())
            {
                list.Add(Read(query));
            }
        }
        finally
        {
            query.Reset();
        }

        return list;
    }

    private static void Bind(RawStatement upsert, ConversationSummary s)
    {
        upsert.Bind(1, s.Id);
        upsert.Bind(2, s.Started.UtcTicks);
        upsert.Bind(3, s.Ended.UtcTicks);
        upsert.Bind(4, s.Model);
        upsert.Bind(5, s.Provider);
        upsert.Bind(6, s.Originator);
        upsert.Bind(7, s.AppVersion);
        upsert.Bind(8, s.Terminal);
        upsert.Bind(9, s.ApprovalPolicy);
        upsert.Bind(10, s.SandboxPolicy);
        upsert.Bind(11, s.ReasoningEffort);
        upsert.Bind(12, s.Turns);
        upsert.Bind(13, s.ToolCalls);
        upsert.Bind(14, s.Denials);
        upsert.Bind(15, s.Errors);
        upsert.Bind(16, s.Tokens.Input);
        upsert.Bind(17, s.Tokens.CachedInput);
        upsert.Bind(18, s.Tokens.Output);
        upsert.Bind(19, s.Tokens.Reasoning);
        upsert.Bind(20, TokensByModelJson.Write(s.TokensByModel));
        upsert.Bind(21, s.FirstPrompt);
        upsert.Bind(22, s.Source);
    }

    private static string? Text(RawStatement row, int i) => row.Text(i);
}
