using System.Globalization;
using System.Text;
using System.Text.Json;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Query;

namespace CodexOtel.Web;

/// <summary>
/// <c>GET /api/live</c>: Server-Sent Events for one open page. <c>event: tail</c> carries one noteworthy event (a
/// <see cref="TailEventView"/>, as <c>tail --json</c>), its id the ledger position after its line; <c>event: indexed</c>
/// says the index has caught up. A reconnect (Last-Event-ID, or <c>?after=</c>) first reads what it missed from the
/// ledger, then follows the feed; <c>?last=N</c> starts with the N most recent events. Whenever the feed's batch does
/// not start where this stream is, the stream reads from the ledger instead, so it neither skips nor repeats a line.
/// </summary>
internal sealed class LiveStream(LiveFeed feed, string dataDir)
{
    private const int MaxLast = 500;

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly LedgerTailer _tailer = new(dataDir, Signal.Logs);

    public async Task RunAsync(HttpContext context)
    {
        var resume = Position.Parse(context.Request.Headers["Last-Event-ID"].ToString()) ?? Position.Parse(ApiParameters.Text(context.Request, "after"));
        var last = ApiParameters.Int(context.Request, "last", 0, 0, MaxLast);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancellationToken = context.RequestAborted;
        using var subscription = feed.Subscribe();
        await response.WriteAsync("retry: 1000\n\n", cancellationToken).ConfigureAwait(false);
        LedgerCheckpoint? at;
        if (resume is not null)
        {
            at = await CatchUpAsync(response, resume, cancellationToken).ConfigureAwait(false);
        }
        else if (last > 0)
        {
            var (recent, after) = new EventTail(dataDir).Last(last);
            at = after ?? feed.Position;
            await WriteAsync(response, recent, at, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            at = feed.Position;
        }

        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                beat.CancelAfter(Heartbeat);
                LiveNotice notice;
                try
                {
                    notice = await subscription.Notices.ReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A comment now and then: a proxy keeps the stream open, and a closed page is noticed.
                    await response.WriteAsync(": \n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (notice is LiveBatch batch)
                {
                    if (Equals(batch.From, at))
                    {
                        foreach (var line in batch.Lines)
                        {
                            await WriteAsync(response, line.Events, line.After, cancellationToken).ConfigureAwait(false);
                        }

                        at = batch.Lines.Count > 0 ? batch.Lines[^1].After : at;
                    }
                    else
                    {
                        at = await CatchUpAsync(response, at, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await response.WriteAsync("event: indexed\ndata: {}\n\n", cancellationToken).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    /// <summary>Sends every line after <paramref name="from"/> that is durable now; returns where it stopped.</summary>
    private async Task<LedgerCheckpoint?> CatchUpAsync(HttpResponse response, LedgerCheckpoint? from, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lines = _tailer.ReadNext(from, 1 << 20);
            if (lines.Count == 0)
            {
                return from;
            }

            foreach (var line in LiveLine.Of(lines))
            {
                await WriteAsync(response, line.Events, line.After, cancellationToken).ConfigureAwait(false);
            }

            from = lines[^1].After;
        }
    }

    private static async Task WriteAsync(HttpResponse response, IReadOnlyList<TailEventView> events, LedgerCheckpoint? after, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            if (after is not null)
            {
                // Still move the page's position on, so that a reconnect does not read these lines again.
                await response.WriteAsync($"id: {Position.Format(after)}\n\n", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var text = new StringBuilder();
        foreach (var e in events)
        {
            // Compact JSON is one line: it cannot end the SSE field early.
            text.Append("event: tail\n");
            if (after is not null)
            {
                text.Append("id: ").Append(Position.Format(after)).Append('\n');
            }

            text.Append("data: ").Append(JsonSerializer.Serialize(e, WebJsonContext.Default.TailEventView)).Append("\n\n");
        }

        await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A ledger position as an event id: <c>{segment id}:{offset}</c>.</summary>
    private static class Position
    {
        public static string Format(LedgerCheckpoint at) => string.Create(CultureInfo.InvariantCulture, $"{at.SegmentId}:{at.Offset}");

        public static LedgerCheckpoint? Parse(string? id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            var colon = id.LastIndexOf(':');
            return colon > 0 && long.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? new LedgerCheckpoint(id[..colon], offset)
                : throw new ApiParameterException($"{id} is not a position this feed gave (an event id)");
        }
    }
}
