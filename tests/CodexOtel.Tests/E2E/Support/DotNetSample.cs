using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// The telemetry <see cref="DotNetSdkClient"/> sends, written with the plain .NET APIs (Activity, ILogger, Meter),
/// and its description: a server span with a failing client child linked to an independent span, three logs
/// (two inside those spans), an integer counter and a histogram.
/// </summary>
public sealed class DotNetSample(ActivitySource source, ILogger logger, Meter meter, string runId)
{
    public static readonly double[] Bounds = [10, 100, 1000];

    private static readonly Dictionary<string, object?> UpstreamTags = new()
    {
        ["http.request.method"] = "POST",
        ["http.response.status_code"] = 503,
        ["retry.ratio"] = 0.25,
        ["cache.hit"] = false,
        ["tags"] = new[] { "a", "b", "c" },
        ["ports"] = new long[] { 4317, 4318 },
        ["weights"] = new[] { 0.5, 1.25 },
        ["flags"] = new[] { true, false },
        ["unicode"] = "ünïcødé ✓ \"quoted\"\n",
    };

    private static readonly Dictionary<string, object?> LinkTags = new() { ["link.reason"] = "batch", ["link.weight"] = 0.75 };
    private static readonly Dictionary<string, object?> RetryTags = new() { ["attempt"] = 1 };
    private static readonly Dictionary<string, object?> ExceptionTags = new()
    {
        ["exception.type"] = "TimeoutException",
        ["exception.message"] = "upstream timed out",
        ["attempt"] = 2,
    };

    public JsonArray Spans { get; } = [];

    private JsonArray Logs { get; } = [];

    public static JsonArray Metrics =>
    [
        new JsonObject
        {
            ["name"] = "dotnet.requests", ["unit"] = "{request}", ["description"] = "requests handled",
            ["type"] = "sum", ["isMonotonic"] = true,
            ["points"] = new JsonArray(
                new JsonObject { ["attributes"] = Route("/a"), ["asInt"] = 5 },
                new JsonObject { ["attributes"] = Route("/b"), ["asInt"] = 4 }),
        },
        new JsonObject
        {
            ["name"] = "dotnet.latency", ["unit"] = "ms", ["description"] = "request latency", ["type"] = "histogram",
            ["points"] = new JsonArray(new JsonObject
            {
                ["attributes"] = Route("/a"), ["count"] = 5, ["sum"] = 5562.5, ["min"] = 5, ["max"] = 5000,
                ["explicitBounds"] = new JsonArray([.. Bounds.Select(b => JsonValue.Create(b))]),
                ["bucketCounts"] = new JsonArray(2, 1, 1, 1),
            }),
        },
    ];

    public void Emit()
    {
        EmitSpansAndLogs();
        EmitMetrics();
    }

    /// <summary>The log descriptions completed with the times the SDK gave the records, in emission order.</summary>
    public JsonArray LogsStampedWith(IReadOnlyList<DateTime> times)
    {
        Assert.Equal(Logs.Count, times.Count);
        var stamped = (JsonArray)Logs.DeepClone();
        for (var i = 0; i < stamped.Count; i++)
        {
            stamped[i]!["timeUnixNano"] = TelemetryShape.Nanos(times[i]);
        }

        return stamped;
    }

    private static JsonObject Route(string route) => TypedValue.OfClr([new("route", route)]);

    private void EmitSpansAndLogs()
    {
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-10);
        var background = Start("dotnet.background", ActivityKind.Internal, default, t0, null, null);
        Stop(background, t0.AddMilliseconds(1));

        var requestTags = new Dictionary<string, object?> { ["run.id"] = runId };
        var request = Start("dotnet.request", ActivityKind.Server, default, t0.AddMilliseconds(10), requestTags, null);
        Log(LogLevel.Information, 9, "Information", request,
            "Request {RunId} accepted for {User}: count {Count}, ratio {Ratio}, ok {Ok}",
            ("RunId", runId), ("User", "u-42"), ("Count", 7), ("Ratio", 3.5), ("Ok", true));

        var upstream = Start("dotnet.upstream", ActivityKind.Client, request.Context, t0.AddMilliseconds(20),
            UpstreamTags, [new ActivityLink(background.Context, new ActivityTagsCollection(LinkTags))]);
        upstream.AddEvent(new ActivityEvent("retry", t0.AddMilliseconds(25), new ActivityTagsCollection(RetryTags)));
        upstream.AddEvent(new ActivityEvent("exception", t0.AddMilliseconds(30), new ActivityTagsCollection(ExceptionTags)));
        upstream.SetStatus(ActivityStatusCode.Error, "upstream timed out");
        Log(LogLevel.Error, 17, "Error", upstream, "Upstream failed with {StatusCode} for {RunId}",
            ("StatusCode", 503), ("RunId", runId));
        Stop(upstream, t0.AddMilliseconds(40));
        Stop(request, t0.AddMilliseconds(50));

        Log(LogLevel.Warning, 13, "Warning", null, "Queue {RunId} is {Percent} full", ("RunId", runId), ("Percent", 87.5));

        Spans.Add(Describe(background, 1, [], [], [], 0, ""));
        Spans.Add(Describe(request, 2, requestTags, [], [], 0, ""));
        Spans.Add(Describe(upstream, 3, UpstreamTags,
            [("retry", t0.AddMilliseconds(25), RetryTags), ("exception", t0.AddMilliseconds(30), ExceptionTags)],
            [(background.Context, LinkTags)], 2, "upstream timed out"));
    }

    private void EmitMetrics()
    {
        var requests = meter.CreateCounter<long>("dotnet.requests", "{request}", "requests handled");
        requests.Add(3, new KeyValuePair<string, object?>("route", "/a"));
        requests.Add(4, new KeyValuePair<string, object?>("route", "/b"));
        requests.Add(2, new KeyValuePair<string, object?>("route", "/a"));
        var latency = meter.CreateHistogram<double>("dotnet.latency", "ms", "request latency");
        foreach (var value in new[] { 5, 50, 500, 5000, 7.5 })
        {
            latency.Record(value, new KeyValuePair<string, object?>("route", "/a"));
        }
    }

    private Activity Start(
        string name, ActivityKind kind, ActivityContext parent, DateTimeOffset start,
        IEnumerable<KeyValuePair<string, object?>>? tags, IEnumerable<ActivityLink>? links) =>
        source.StartActivity(name, kind, parent, tags, links, start)
        ?? throw new InvalidOperationException($"{name} was not sampled: is the tracer provider listening?");

    private static void Stop(Activity activity, DateTimeOffset end)
    {
        activity.SetEndTime(end.UtcDateTime);
        activity.Stop();
    }

    /// <summary>Logs while <paramref name="current"/> is Activity.Current, as the SDK takes the trace context from there.</summary>
    private void Log(LogLevel level, int severityNumber, string severityText, Activity? current,
        string template, params (string Name, object Value)[] args)
    {
        Assert.Same(current, Activity.Current);
#pragma warning disable CA2254 // each record is a different case, so the template varies on purpose
        logger.Log(level, template, [.. args.Select(a => a.Value)]);
#pragma warning restore CA2254
        Logs.Add(new JsonObject
        {
            ["severityNumber"] = severityNumber,
            ["severityText"] = severityText,
            ["body"] = TypedValue.OfClr(template),
            ["attributes"] = TypedValue.OfClr(args.Select(a => new KeyValuePair<string, object?>(a.Name, a.Value))),
            ["traceId"] = current?.TraceId.ToHexString() ?? "",
            ["spanId"] = current?.SpanId.ToHexString() ?? "",
        });
    }

    private static JsonObject Describe(
        Activity activity, int otlpKind, IEnumerable<KeyValuePair<string, object?>> tags,
        IEnumerable<(string Name, DateTimeOffset Time, Dictionary<string, object?> Tags)> events,
        IEnumerable<(ActivityContext Context, Dictionary<string, object?> Tags)> links,
        int statusCode, string statusMessage) => new()
        {
            ["traceId"] = activity.TraceId.ToHexString(),
            ["spanId"] = activity.SpanId.ToHexString(),
            ["parentSpanId"] = activity.ParentSpanId == default ? "" : activity.ParentSpanId.ToHexString(),
            ["name"] = activity.DisplayName,
            ["kind"] = otlpKind,
            ["startTimeUnixNano"] = TelemetryShape.Nanos(activity.StartTimeUtc),
            ["endTimeUnixNano"] = TelemetryShape.Nanos(activity.StartTimeUtc + activity.Duration),
            ["attributes"] = TypedValue.OfClr(tags),
            ["events"] = new JsonArray([.. events.Select(e => new JsonObject
            {
                ["name"] = e.Name,
                ["timeUnixNano"] = TelemetryShape.Nanos(e.Time.UtcDateTime),
                ["attributes"] = TypedValue.OfClr(e.Tags),
            })]),
            ["links"] = new JsonArray([.. links.Select(l => new JsonObject
            {
                ["traceId"] = l.Context.TraceId.ToHexString(),
                ["spanId"] = l.Context.SpanId.ToHexString(),
                ["attributes"] = TypedValue.OfClr(l.Tags),
            })]),
            ["status"] = new JsonObject { ["code"] = statusCode, ["message"] = statusMessage },
        };
}
