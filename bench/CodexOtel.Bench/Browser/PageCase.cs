namespace CodexOtel.Bench.Browser;

/// <summary>A dashboard URL to load: a page, and which of its filters, sorts or pages.</summary>
internal sealed record PageCase(string Page, string Variant, string Path);

/// <summary>One load of a page: when it showed its data and when its first API call started (ms since navigation start), and the API calls it made.</summary>
internal sealed record PageLoad(double ReadyMs, double FirstApiMs, IReadOnlyList<ApiCall> Calls, string? Error);

/// <summary>The loads of a page case after its warm-up.</summary>
internal sealed record PageResult(PageCase Case, IReadOnlyList<PageLoad> Loads)
{
    public Spread Ready => Spread.Of(Loads.Select(l => l.Error is null ? l.ReadyMs : double.NaN));

    public Spread FirstApi => Spread.Of(Loads.Select(l => l.FirstApiMs));

    public string? Error => Loads.Select(l => l.Error).FirstOrDefault(e => e is not null);
}
