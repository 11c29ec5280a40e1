namespace CodexOtel.Codex;

/// <summary>
/// What tokens cost, per model: the built-in table (<see cref="BuiltInPrices"/>) overlaid with the user's
/// <c>$XDG_CONFIG_HOME/codex-otel/prices.toml</c> (<see cref="PriceFile"/>). Model names match case-insensitively,
/// with an <c>openai/</c> prefix or a date suffix (gpt-5-2025-08-07 → gpt-5) removed when the exact name is not
/// listed. An unknown model costs null — unknown — never 0.
/// </summary>
public sealed class PriceTable
{
    private static readonly Lazy<PriceTable> BuiltInTable = new(() => new PriceTable(BuiltInPrices.All));

    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.OrdinalIgnoreCase);

    private PriceTable(IEnumerable<(string Model, ModelPrice Price)> prices)
    {
        foreach (var (model, price) in prices)
        {
            _prices[model] = price;
        }
    }

    /// <summary>The prices shipped with the program.</summary>
    public static PriceTable BuiltIn => BuiltInTable.Value;

    /// <summary>Every model with a price, by name.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Models => _prices;

    /// <summary>
    /// The built-in prices with the user's file on top: <paramref name="userFile"/>, or
    /// <see cref="PriceFile.DefaultPath"/> when null. A missing file is fine; a broken one throws <see cref="PriceFileException"/>.
    /// </summary>
    public static PriceTable Load(string? userFile = null)
    {
        var path = userFile ?? PriceFile.DefaultPath();
        return File.Exists(path) ? BuiltIn.With(PriceFile.Parse(File.ReadAllText(path), path)) : BuiltIn;
    }

    /// <summary>A table of exactly these prices, without the built-in ones (the store keeps the prices it priced with).</summary>
    public static PriceTable Of(IEnumerable<KeyValuePair<string, ModelPrice>> prices) => new(prices.Select(p => (p.Key, p.Value)));

    /// <summary>Whether both tables price every model the same (same models, same prices).</summary>
    public bool SameAs(PriceTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._prices.Count == _prices.Count
            && _prices.All(p => other._prices.TryGetValue(p.Key, out var price) && price == p.Value);
    }

    /// <summary>A copy of this table with <paramref name="overrides"/> replacing or adding models.</summary>
    public PriceTable With(IEnumerable<KeyValuePair<string, ModelPrice>> overrides)
    {
        var table = new PriceTable([]);
        foreach (var (model, price) in _prices)
        {
            table._prices[model] = price;
        }

        foreach (var (model, price) in overrides)
        {
            table._prices[model] = price;
        }

        return table;
    }

    /// <summary>The price of a model, or null when it is unknown.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = model.Trim();
        if (_prices.TryGetValue(name, out var price))
        {
            return price;
        }

        var slash = name.LastIndexOf('/');
        if (slash >= 0 && _prices.TryGetValue(name[(slash + 1)..], out price))
        {
            return price;
        }

        var undated = WithoutDate(slash >= 0 ? name[(slash + 1)..] : name);
        return undated is not null && _prices.TryGetValue(undated, out price) ? price : null;
    }

    /// <summary>USD for <paramref name="usage"/> on <paramref name="model"/>; null when the model's price is unknown.</summary>
    public decimal? Cost(string? model, TokenUsage usage) => Find(model)?.Cost(usage);

    /// <summary>
    /// USD for a conversation, priced per model (<see cref="ConversationSummary.TokensByModel"/>); null when any model
    /// that used tokens has no price.
    /// </summary>
    public decimal? Cost(ConversationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TokensByModel.Count == 0)
        {
            return Cost(summary.Model, summary.Tokens);
        }

        var total = 0m;
        foreach (var (model, usage) in summary.TokensByModel)
        {
            if (Cost(model, usage) is not { } cost)
            {
                return null;
            }

            total += cost;
        }

        return total;
    }

    // gpt-5-2025-08-07 → gpt-5: a trailing -YYYY-MM-DD.
    private static string? WithoutDate(string name)
    {
        const int Length = 11;
        if (name.Length <= Length)
        {
            return null;
        }

        var tail = name.AsSpan(name.Length - Length);
        for (var i = 0; i < Length; i++)
        {
            var ok = i is 0 or 5 or 8 ? tail[i] == '-' : char.IsAsciiDigit(tail[i]);
            if (!ok)
            {
                return null;
            }
        }

        return name[..^Length];
    }
}
