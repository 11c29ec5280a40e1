using System.Globalization;
using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The prices the stored costs (<c>conversations.cost_nano_usd</c>) were computed with, in <c>prices</c>: the built-in
/// table until a query brings the user's (<see cref="IConversationReader.UsePricesAsync"/>). Kept in the database, not
/// in a process, so that the indexer (serve) prices new summaries as the last query asked, and a price file edited
/// later is noticed by the next query that sorts by cost.
/// </summary>
internal static class SqlitePrices
{
    /// <summary>The cost of an unpriced conversation: below every real cost, so it sorts last when costliest come first.</summary>
    public const long Unpriced = -1;

    public static PriceTable Load(SqliteConnection connection)
    {
        using var select = new RawStatement(connection, "SELECT model, input, cached_input, output FROM prices");
        var prices = new List<KeyValuePair<string, ModelPrice>>();
        while (select.Step())
        {
            prices.Add(new(select.Text(0)!, new ModelPrice(Number(select.Text(1)), Number(select.Text(2)), Number(select.Text(3)))));
        }

        return prices.Count == 0 ? PriceTable.BuiltIn : PriceTable.Of(prices);
    }

    /// <summary>
    /// Saves <paramref name="prices"/> and recomputes every conversation's cost with them, inside the caller's
    /// transaction; false (nothing written) when they are the prices already in use.
    /// </summary>
    public static bool Use(SqliteConnection connection, PriceTable prices)
    {
        if (Load(connection).SameAs(prices))
        {
            return false;
        }

        using (var clear = new RawStatement(connection, "DELETE FROM prices"))
        {
            clear.Execute();
        }

        using (var add = new RawStatement(connection, "INSERT INTO prices VALUES (?, ?, ?, ?)"))
        {
            foreach (var (model, price) in prices.Models)
            {
                add.Bind(1, model);
                add.Bind(2, price.Input.ToString(CultureInfo.InvariantCulture));
                add.Bind(3, price.CachedInput.ToString(CultureInfo.InvariantCulture));
                add.Bind(4, price.Output.ToString(CultureInfo.InvariantCulture));
                add.Execute();
            }
        }

        // Read first, then write: the update must not move rows under a running scan of the same table.
        var costs = new List<(long Started, string Id, long Cost)>();
        using (var select = new RawStatement(
            connection, "SELECT started, id, model, input_tokens, cached_tokens, output_tokens, reasoning_tokens, tokens_by_model FROM conversations"))
        {
            while (select.Step())
            {
                var summary = new ConversationSummary
                {
                    Id = select.Text(1)!,
                    Started = default,
                    Ended = default,
                    Model = select.Text(2),
                    Tokens = new TokenUsage(select.Int64(3), select.Int64(4), select.Int64(5), select.Int64(6)),
                    TokensByModel = TokensByModelJson.Read(select.Utf8(7)),
                };
                costs.Add((select.Int64(0), summary.Id, NanoUsd(prices.Cost(summary))));
            }
        }

        using var update = new RawStatement(connection, "UPDATE conversations SET cost_nano_usd = ? WHERE started = ? AND id = ?");
        foreach (var (started, id, cost) in costs)
        {
            update.Bind(1, cost);
            update.Bind(2, started);
            update.Bind(3, id);
            update.Execute();
        }

        return true;
    }

    /// <summary>USD as whole nano-dollars (exact for every price per million tokens with up to 3 decimals), or <see cref="Unpriced"/>.</summary>
    public static long NanoUsd(decimal? usd) => usd is { } cost ? (long)decimal.Round(cost * 1_000_000_000m) : Unpriced;

    private static decimal Number(string? text) => decimal.Parse(text ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture);
}
