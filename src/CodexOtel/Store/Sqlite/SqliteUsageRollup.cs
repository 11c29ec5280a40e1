using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Keeps <c>usage_rollup</c> and <c>usage_steps</c> (schema 8) equal to what the <c>usage</c> buckets sum to: a
/// conversation's buckets are withdrawn before they are replaced or deleted and deposited once written, in the
/// caller's transaction, so that the rollup is never seen apart from the rows it sums.
/// </summary>
internal sealed class SqliteUsageRollup : IDisposable
{
    private const string Sums = "turns, responses, input_tokens, cached_tokens, output_tokens, reasoning_tokens, tool_calls, denials, errors";

    // The conversation's buckets added to (sign 1) or taken from (sign -1) their hour and day, with the conversation
    // itself counted once, under its first bucket's first model (the opening).
    private static readonly string AddSql = $"""
        WITH mine AS (SELECT * FROM usage WHERE conversation_id = $c),
            opening AS (SELECT bucket, min(model) AS model FROM mine WHERE bucket = (SELECT min(bucket) FROM mine)),
            spans (span) AS (VALUES (4), (96))
        INSERT INTO usage_rollup (span, start, model, conversations, {Sums})
        SELECT spans.span, mine.bucket / spans.span * spans.span, mine.model,
            $sign * sum(mine.bucket = opening.bucket AND mine.model = opening.model),
            {string.Join(", ", Sums.Split(", ").Select(c => $"$sign * sum(mine.{c})"))}
        FROM mine CROSS JOIN opening CROSS JOIN spans WHERE true
        GROUP BY 1, 2, 3
        ON CONFLICT (span, start, model) DO UPDATE SET conversations = conversations + excluded.conversations,
            {string.Join(", ", Sums.Split(", ").Select(c => $"{c} = {c} + excluded.{c}"))}
        """;

    // A row left at zero by a withdrawal goes, so that a model with nothing left in a span is not listed for it.
    private static readonly string DropEmptySql = $"""
        DELETE FROM usage_rollup
        WHERE conversations = 0 AND {string.Join(" AND ", Sums.Split(", ").Select(c => $"{c} = 0"))}
            AND (span, start, model) IN (
                SELECT spans.span, u.bucket / spans.span * spans.span, u.model
                FROM usage u CROSS JOIN (SELECT 4 AS span UNION ALL SELECT 96) spans WHERE u.conversation_id = $c)
        """;

    private readonly RawStatement _add;
    private readonly RawStatement _dropEmpty;
    private readonly RawStatement _clearSteps;
    private readonly RawStatement _addSteps;

    public SqliteUsageRollup(SqliteConnection connection)
    {
        _add = new RawStatement(connection, AddSql);
        _dropEmpty = new RawStatement(connection, DropEmptySql);
        _clearSteps = new RawStatement(connection, "DELETE FROM usage_steps WHERE conversation_id = ?");
        _addSteps = new RawStatement(
            connection,
            """
            INSERT INTO usage_steps (conversation_id, bucket, previous)
            SELECT $c, bucket, lag(bucket) OVER (ORDER BY bucket) FROM (SELECT DISTINCT bucket FROM usage WHERE conversation_id = $c)
            """);
    }

    /// <summary>Takes the conversation's stored buckets out of the rollup; call before they are replaced or deleted.</summary>
    public void Withdraw(string conversationId)
    {
        Add(conversationId, -1);
        _dropEmpty.Bind(_dropEmpty.Parameter("$c"), conversationId);
        _dropEmpty.Execute();
        _clearSteps.Bind(1, conversationId);
        _clearSteps.Execute();
    }

    /// <summary>Puts the conversation's stored buckets into the rollup; call once they are written.</summary>
    public void Deposit(string conversationId)
    {
        _addSteps.Bind(_addSteps.Parameter("$c"), conversationId);
        _addSteps.Execute();
        Add(conversationId, 1);
    }

    private void Add(string conversationId, int sign)
    {
        _add.Bind(_add.Parameter("$c"), conversationId);
        _add.Bind(_add.Parameter("$sign"), sign);
        _add.Execute();
    }

    public void Dispose()
    {
        _add.Dispose();
        _dropEmpty.Dispose();
        _clearSteps.Dispose();
        _addSteps.Dispose();
    }
}
