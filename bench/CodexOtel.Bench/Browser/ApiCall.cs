namespace CodexOtel.Bench.Browser;

/// <summary>
/// One API request a page made while it loaded: the time the server reports (<c>Server-Timing: app;dur=</c>), the
/// time the browser waited for the whole answer, its size, and whether its size is bounded (<see cref="ApiShape"/>).
/// </summary>
/// <param name="Label">The call without what changes from load to load: <c>totals?since&amp;until</c>.</param>
/// <param name="Status">The HTTP status; 0 when the request failed.</param>
/// <param name="ServerMs">NaN when the answer had no Server-Timing header.</param>
/// <param name="BrowserMs">From the request's start to the answer's last byte, as the browser saw it.</param>
/// <param name="Bytes">The answer's body.</param>
/// <param name="Rows">The rows of a list (conversations, hits, calls, turns, points); null when it has none.</param>
/// <param name="Unbounded">Why its size grows with the store (a list without a limit, or more rows than asked); null when bounded.</param>
internal sealed record ApiCall(string Label, int Status, double ServerMs, double BrowserMs, long Bytes, int? Rows, string? Unbounded);
