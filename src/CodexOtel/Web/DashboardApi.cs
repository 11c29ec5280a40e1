using System.Globalization;
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

    private static readonly Dictionary<string, UsageGrouping> Groupings = new(StringComparer.Ordinal)
    {
        ["day"] = UsageGrouping.Day,
        ["model"] = UsageGrouping.Model,
        ["conversation"] = UsageGrouping.Conversation,
    };

    public async Task HandleAsync(HttpContext context, ReadOnlyMemory<string> route)
    {
        try
        {
            var task = route.Span switch
            {
                ["conversations"] => ListAsync(context),
                ["conversations", var id] => TimelineAsync(context, id),
                ["conversations", var id, "raw"] => RawAsync(context, id),
                ["conversations", var id, "export"] => ExportAsync(context, id),
                ["search"] => SearchAsync(context),
                ["usage"] => UsageAsync(context),
                ["live"] => new LiveStream(feed, data.DataDir).RunAsync(context),
                ["health"] => HealthAsync(context),
                ["verify"] => VerifyAsync(context),
                _ => ApiResults.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no API at {context.Request.Path}"),
            };
            await task.ConfigureAwait(false);
        }
        catch (ApiParameterException e)
        {
            await ApiResults.WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>GET /api/conversations: a page of conversations, newest first, and the cursor of the next.</summary>
    private async Task ListAsync(HttpContext context)
    {
        var request = context.Request;
        var query = new ConversationQuery
        {
            Since = ApiParameters.Time(request, "since"),
            Until = ApiParameters.Time(request, "until"),
            Model = ApiParameters.Text(request, "model"),
            Originator = ApiParameters.Text(request, "originator"),
            HasErrors = ApiParameters.Flag(request, "errors"),
            HasDenials = ApiParameters.Flag(request, "denials"),
            Before = ConversationCursor.Parse(ApiParameters.Text(request, "before")),
            Limit = ApiParameters.Int(request, "limit", ConversationQuery.DefaultLimit, 1, MaxPage),
        };
        var conversations = await data.Queries.ListAsync(query, context.RequestAborted).ConfigureAwait(false);
        var next = conversations.Count == query.Limit ? ConversationCursor.Format(conversations[^1]) : null;
        await ApiResults.WriteAsync(context, new ConversationListPage(conversations, next), WebJsonContext.Default.ConversationListPage).ConfigureAwait(false);
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

    /// <summary>GET /api/search?q=…: events that contain every word, most recently indexed first.</summary>
    private async Task SearchAsync(HttpContext context)
    {
        var text = ApiParameters.Text(context.Request, "q") ?? throw new ApiParameterException("q= is missing: the words to search for");
        var limit = ApiParameters.Int(context.Request, "limit", SearchQuery.DefaultLimit, 1, MaxPage);
        var hits = await data.Queries.SearchAsync(new SearchQuery(text) { Limit = limit }, context.RequestAborted).ConfigureAwait(false);
        await ApiResults.WriteAsync(context, hits, QueryJsonContext.Default.IReadOnlyListSearchHitView).ConfigureAwait(false);
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

/// <summary>Where the next page of conversations starts, as the API passes it: <c>{start ticks, UTC}.{id}</c>.</summary>
internal static class ConversationCursor
{
    public static string Format(ConversationView last) =>
        string.Create(CultureInfo.InvariantCulture, $"{last.Started.UtcTicks}.{last.Id}");

    public static ConversationPosition? Parse(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new ConversationPosition(new DateTimeOffset(ticks, TimeSpan.Zero), cursor[(dot + 1)..])
            : throw new ApiParameterException($"before={cursor} is not a cursor this API gave (next)");
    }
}

/// <summary>A page of <c>GET /api/conversations</c>: <c>next</c> is the <c>before</c> of the following page (null: the last).</summary>
internal sealed record ConversationListPage(IReadOnlyList<ConversationView> Conversations, string? Next);
