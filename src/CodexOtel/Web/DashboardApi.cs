using CodexOtel.Cli;
using CodexOtel.Query;
using CodexOtel.Store;
using Microsoft.AspNetCore.WebUtilities;

namespace CodexOtel.Web;

/// <summary>
/// The dashboard's JSON API (README, "Dashboard API"): the query layer's view records, the same the CLI's --json
/// prints, a page at a time; exports as <c>export</c> writes them; the live feed as Server-Sent Events.
/// </summary>
internal sealed class DashboardApi(DashboardData data, LiveFeed feed)
{
    private const int MaxPage = 500;

    private static readonly Dictionary<string, ConversationSort> Sorts = ConversationSortNames.Map(StringComparer.Ordinal);

    private static readonly Dictionary<string, bool> Orders = new(StringComparer.Ordinal) { ["desc"] = false, ["asc"] = true };

    private static readonly Dictionary<string, UsageGrouping> Groupings = new(StringComparer.Ordinal)
    {
        ["day"] = UsageGrouping.Day,
        ["model"] = UsageGrouping.Model,
        ["conversation"] = UsageGrouping.Conversation,
    };

    public async Task HandleAsync(HttpContext context, ReadOnlyMemory<string> route)
    {
        ServerTiming.Start(context);
        try
        {
            var task = route.Span switch
            {
                ["conversations"] => ListAsync(context),
                ["conversations", var id] => TimelineAsync(context, id),
                ["conversations", var id, "raw"] => RawAsync(context, id),
                ["conversations", var id, "traces"] => TracesAsync(context, id),
                ["conversations", var id, "export"] => ExportAsync(context, id),
                ["search"] => SearchAsync(context),
                ["usage"] => UsageAsync(context),
                ["totals"] => TotalsAsync(context),
                ["rolling"] => RollingAsync(context),
                ["series"] => SeriesAsync(context),
                ["top"] => TopAsync(context),
                ["tools"] => ToolsAsync(context),
                ["tools", var tool, "calls"] => ToolCallsAsync(context, tool),
                ["live"] => new LiveStream(feed, data.DataDir).RunAsync(context),
                ["health"] => HealthAsync(context),
                ["verify"] => VerifyAsync(context),
                _ => ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no API at {context.Request.Path}"),
            };
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiParameterException or FormatException)
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// GET /api/conversations: a page of conversations in the order asked (newest first by default), the cursor of the
    /// next page and how many match (as <see cref="ConversationQueries.ListPageAsync"/>).
    /// </summary>
    private async Task ListAsync(HttpContext context)
    {
        var request = context.Request;
        var query = new ConversationQuery
        {
            Since = ApiParameters.Time(request, "since"),
            Until = ApiParameters.Time(request, "until"),
            Model = ApiParameters.Text(request, "model"),
            Originator = ApiParameters.Text(request, "originator"),
            SenderKey = ApiParameters.Text(request, "key"),
            HasErrors = ApiParameters.Flag(request, "errors"),
            HasDenials = ApiParameters.Flag(request, "denials"),
            Text = ApiParameters.Text(request, "q"),
            Sort = ApiParameters.OneOf(request, "sort", ConversationSort.Started, Sorts),
            Ascending = ApiParameters.OneOf(request, "order", false, Orders),
            Limit = ApiParameters.Int(request, "limit", ConversationQuery.DefaultLimit, 1, MaxPage),
        };
        query = query with { After = PageCursor.Conversation(ApiParameters.Text(request, "after"), query) };
        var page = await data.Queries.ListPageAsync(query, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, page, QueryJsonContext.Default.ConversationListView).ConfigureAwait(false);
    }

    /// <summary>GET /api/conversations/{id}: its timeline, as <c>show --json</c> (an id or a unique prefix of one).</summary>
    private async Task TimelineAsync(HttpContext context, string idOrPrefix)
    {
        if (await FindAsync(context, idOrPrefix).ConfigureAwait(false) is not { } id)
        {
            return;
        }

        var timeline = await data.Queries.TimelineAsync(id, context.RequestAborted).ConfigureAwait(false);
        await (timeline is null
            ? ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"conversation {id} has no events")
            : ApiResults.WriteAsync(context, timeline, QueryJsonContext.Default.TimelineView)).ConfigureAwait(false);
    }

    /// <summary>GET /api/conversations/{id}/raw: its records with every attribute, as <c>show --raw --json</c>.</summary>
    private async Task RawAsync(HttpContext context, string idOrPrefix)
    {
        if (await FindAsync(context, idOrPrefix).ConfigureAwait(false) is not { } id)
        {
            return;
        }

        var events = await data.Queries.RawEventsAsync(id, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, events, QueryJsonContext.Default.IReadOnlyListRawEventView).ConfigureAwait(false);
    }

    /// <summary>GET /api/conversations/{id}/traces: its spans per turn as trees, for the waterfall (read from the traces ledger where the conversation's time falls).</summary>
    private async Task TracesAsync(HttpContext context, string idOrPrefix)
    {
        if (await FindAsync(context, idOrPrefix).ConfigureAwait(false) is not { } id)
        {
            return;
        }

        var traces = await data.Queries.TracesAsync(id, data.DataDir, context.RequestAborted).ConfigureAwait(false);
        await (traces is null
            ? ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"conversation {id} has no events")
            : ApiResults.WriteAsync(context, traces, QueryJsonContext.Default.IReadOnlyListTurnTraceView)).ConfigureAwait(false);
    }

    /// <summary>GET /api/conversations/{id}/export?format=jsonl|csv|md: a download, as <c>export</c> writes it.</summary>
    private async Task ExportAsync(HttpContext context, string idOrPrefix)
    {
        var format = ApiParameters.OneOf(context.Request, "format", "jsonl", ExportFormats);
        if (await FindAsync(context, idOrPrefix).ConfigureAwait(false) is not { } id)
        {
            return;
        }

        TimelineView? timeline = null;
        if (format != "jsonl" && (timeline = await data.Queries.TimelineAsync(id, context.RequestAborted).ConfigureAwait(false)) is null)
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"conversation {id} has no events").ConfigureAwait(false);
            return;
        }

        // The writers are synchronous (the CLI's): write to a buffer that spills to a temporary file, then send it.
        await using var buffer = new FileBufferingWriteStream();
        var cancellationToken = context.RequestAborted;
        await Task.Run(
            () =>
            {
                switch (format)
                {
                    case "jsonl":
                        ConversationLedgerLines.Write(data.DataDir, id, buffer, cancellationToken);
                        break;
                    case "csv":
                        ExportCommand.WriteCsv(timeline!, buffer);
                        break;
                    default:
                        ExportCommand.WriteMarkdown(timeline!, TimeZoneInfo.Local, buffer);
                        break;
                }
            },
            cancellationToken).ConfigureAwait(false);
        var (type, extension) = ExportTypes[format];
        context.Response.ContentType = type;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"codex-{id}.{extension}\"";
        await buffer.DrainBufferAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
    }

    private static readonly Dictionary<string, string> ExportFormats = new(StringComparer.Ordinal) { ["jsonl"] = "jsonl", ["csv"] = "csv", ["md"] = "md" };

    private static readonly Dictionary<string, (string Type, string Extension)> ExportTypes = new(StringComparer.Ordinal)
    {
        ["jsonl"] = ("application/jsonl; charset=utf-8", "jsonl"),
        ["csv"] = ("text/csv; charset=utf-8", "csv"),
        ["md"] = ("text/markdown; charset=utf-8", "md"),
    };

    /// <summary>GET /api/search?q=…&amp;after=: a page of events that contain every word, most recently indexed first.</summary>
    private async Task SearchAsync(HttpContext context)
    {
        var text = ApiParameters.Text(context.Request, "q") ?? throw new ApiParameterException("q= is missing: the words to search for");
        var query = new SearchQuery(text)
        {
            Limit = ApiParameters.Int(context.Request, "limit", SearchQuery.DefaultLimit, 1, MaxPage),
            After = ApiParameters.Text(context.Request, "after"),
        };
        var page = await data.Queries.SearchPageAsync(query, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, page, QueryJsonContext.Default.SearchPageView).ConfigureAwait(false);
    }

    /// <summary>GET /api/totals?since&amp;until: conversations, turns, tokens by kind, cache hits, cost, tool calls, denials, errors.</summary>
    private async Task TotalsAsync(HttpContext context)
    {
        var (since, until) = Range(context.Request);
        var totals = await data.Queries.TotalsAsync(since, until, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, totals, QueryJsonContext.Default.UsageTotalsView).ConfigureAwait(false);
    }

    /// <summary>GET /api/rolling: the totals of the last 5 hours and the last 7 days.</summary>
    private async Task RollingAsync(HttpContext context)
    {
        var rolling = await data.Queries.RollingUsageAsync(DateTimeOffset.UtcNow, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, rolling, QueryJsonContext.Default.RollingUsageView).ConfigureAwait(false);
    }

    /// <summary>GET /api/series?since&amp;until&amp;tz: tokens and cost per hour or day, per model, for stacked charts.</summary>
    private async Task SeriesAsync(HttpContext context)
    {
        var (since, until) = Range(context.Request);
        var series = await data.Queries.SeriesAsync(since, until, ApiParameters.Zone(context.Request), context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, series, QueryJsonContext.Default.UsageSeriesView).ConfigureAwait(false);
    }

    /// <summary>GET /api/top?since&amp;until&amp;limit: the costliest conversations of the range.</summary>
    private async Task TopAsync(HttpContext context)
    {
        var (since, until) = Range(context.Request);
        var limit = ApiParameters.Int(context.Request, "limit", 10, 1, 100);
        var top = await data.Queries.TopByCostAsync(since, until, limit, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, top, QueryJsonContext.Default.IReadOnlyListConversationView).ConfigureAwait(false);
    }

    /// <summary>GET /api/tools?since&amp;until: per tool, calls, failure rate, denials, p50 and p95 duration.</summary>
    private async Task ToolsAsync(HttpContext context)
    {
        var tools = await data.Queries.ToolsAsync(ApiParameters.Time(context.Request, "since"), ApiParameters.Time(context.Request, "until"), context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, tools, QueryJsonContext.Default.IReadOnlyListToolStatsView).ConfigureAwait(false);
    }

    /// <summary>GET /api/tools/{tool}/calls?since&amp;until&amp;after&amp;limit: a page of the tool's calls, newest first.</summary>
    private async Task ToolCallsAsync(HttpContext context, string tool)
    {
        var request = context.Request;
        var query = new ToolCallQuery(tool)
        {
            Since = ApiParameters.Time(request, "since"),
            Until = ApiParameters.Time(request, "until"),
            Limit = ApiParameters.Int(request, "limit", ToolCallQuery.DefaultLimit, 1, MaxPage),
        };
        var page = await data.Queries.ToolCallsAsync(query, ApiParameters.Text(request, "after"), context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, page, QueryJsonContext.Default.ToolCallPageView).ConfigureAwait(false);
    }

    /// <summary>since (required) and until (default: now) of a range.</summary>
    private static (DateTimeOffset Since, DateTimeOffset Until) Range(HttpRequest request)
    {
        var since = ApiParameters.Time(request, "since") ?? throw new ApiParameterException("since= is missing: the range's start (ISO 8601)");
        var until = ApiParameters.Time(request, "until") ?? DateTimeOffset.UtcNow;
        return until > since ? (since, until) : throw new ApiParameterException("until= must be after since=");
    }

    /// <summary>GET /api/usage?since&amp;until&amp;by=day|model|conversation&amp;tz=: tokens and cost grouped, as <c>usage --json</c>.</summary>
    private async Task UsageAsync(HttpContext context)
    {
        var request = context.Request;
        var query = new UsageQuery
        {
            Since = ApiParameters.Time(request, "since"),
            Until = ApiParameters.Time(request, "until"),
            By = ApiParameters.OneOf(request, "by", UsageGrouping.Day, Groupings),
            Zone = ApiParameters.Zone(request),
        };
        var usage = await data.Queries.UsageAsync(query, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, usage, QueryJsonContext.Default.UsageView).ConfigureAwait(false);
    }

    /// <summary>GET /api/health: what doctor checks, each signal's last data and chain head, disk use.</summary>
    private async Task HealthAsync(HttpContext context)
    {
        var health = await HealthReport.ReadAsync(data, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, health, WebJsonContext.Default.HealthReport).ConfigureAwait(false);
    }

    /// <summary>GET /api/verify: verifies every signal's hash chain now (reads the whole ledger), as <c>verify</c>.</summary>
    private async Task VerifyAsync(HttpContext context)
    {
        var report = await Task.Run(() => VerifyReport.Run(data.DataDir), context.RequestAborted).ConfigureAwait(false);
        data.LastVerify = report;
        await ApiResults.WriteAsync(context, report, WebJsonContext.Default.VerifyReport).ConfigureAwait(false);
    }

    /// <summary>The full id of a conversation; null when it answered 404 (none, or a prefix of several).</summary>
    private async Task<string?> FindAsync(HttpContext context, string idOrPrefix)
    {
        var match = await data.Store.FindAsync(idOrPrefix, context.RequestAborted).ConfigureAwait(false);
        if (match.Found is { } found)
        {
            return found.Id;
        }

        var message = match.Kind == MatchKind.Ambiguous
            ? $"{idOrPrefix} is the start of {match.Conversations.Count} conversations' ids; give more characters"
            : $"no conversation {idOrPrefix}";
        await ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, message).ConfigureAwait(false);
        return null;
    }
}
