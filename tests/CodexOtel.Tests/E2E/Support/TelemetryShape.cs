using System.Globalization;
using System.Text.Json.Nodes;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// Received records in the JSON shape a client describes what it sent (see send-otlp-json.mjs), so sent and
/// received can be compared as whole objects: ids as lowercase hex, times as decimal strings, values typed.
/// </summary>
public static class TelemetryShape
{
    public static JsonObject Of(Span span) => new()
    {
        ["traceId"] = span.TraceId.Hex(),
        ["spanId"] = span.SpanId.Hex(),
        ["parentSpanId"] = span.ParentSpanId.Hex(),
        ["name"] = span.Name,
        ["kind"] = (int)span.Kind,
        ["startTimeUnixNano"] = Nanos(span.StartTimeUnixNano),
        ["endTimeUnixNano"] = Nanos(span.EndTimeUnixNano),
        ["attributes"] = TypedValue.Of(span.Attributes),
        ["events"] = new JsonArray([.. span.Events.Select(e => new JsonObject
        {
            ["name"] = e.Name,
            ["timeUnixNano"] = Nanos(e.TimeUnixNano),
            ["attributes"] = TypedValue.Of(e.Attributes),
        })]),
        ["links"] = new JsonArray([.. span.Links.Select(l => new JsonObject
        {
            ["traceId"] = l.TraceId.Hex(),
            ["spanId"] = l.SpanId.Hex(),
            ["attributes"] = TypedValue.Of(l.Attributes),
        })]),
        ["status"] = new JsonObject
        {
            ["code"] = (int)(span.Status?.Code ?? Status.Types.StatusCode.Unset),
            ["message"] = span.Status?.Message ?? "",
        },
    };

    public static JsonObject Of(LogRecord log) => new()
    {
        ["timeUnixNano"] = Nanos(log.TimeUnixNano),
        ["severityNumber"] = (int)log.SeverityNumber,
        ["severityText"] = log.SeverityText,
        ["body"] = log.Body is null ? null : TypedValue.Of(log.Body),
        ["attributes"] = TypedValue.Of(log.Attributes),
        ["traceId"] = log.TraceId.Hex(),
        ["spanId"] = log.SpanId.Hex(),
    };

    public static JsonObject Of(Metric metric)
    {
        var shape = new JsonObject
        {
            ["name"] = metric.Name,
            ["unit"] = metric.Unit,
            ["description"] = metric.Description,
        };
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Sum:
                shape["type"] = "sum";
                shape["isMonotonic"] = metric.Sum.IsMonotonic;
                shape["points"] = new JsonArray([.. metric.Sum.DataPoints.Select(Point)]);
                break;
            case Metric.DataOneofCase.Histogram:
                shape["type"] = "histogram";
                shape["points"] = new JsonArray([.. metric.Histogram.DataPoints.Select(Point)]);
                break;
            default:
                shape["type"] = metric.DataCase.ToString().ToLowerInvariant();
                break;
        }

        return shape;
    }

    public static string Nanos(ulong nanos) => nanos.ToString(CultureInfo.InvariantCulture);

    public static string Nanos(DateTime utc) => Nanos((ulong)(utc - DateTime.UnixEpoch).Ticks * 100);

    private static JsonObject Point(NumberDataPoint point)
    {
        var shape = new JsonObject { ["attributes"] = TypedValue.Of(point.Attributes) };
        if (point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt)
        {
            shape["asInt"] = point.AsInt;
        }
        else
        {
            shape["asDouble"] = point.AsDouble;
        }

        return shape;
    }

    private static JsonObject Point(HistogramDataPoint point) => new()
    {
        ["attributes"] = TypedValue.Of(point.Attributes),
        ["count"] = point.Count,
        ["sum"] = point.Sum,
        ["min"] = point.HasMin ? point.Min : null,
        ["max"] = point.HasMax ? point.Max : null,
        ["explicitBounds"] = new JsonArray([.. point.ExplicitBounds.Select(b => JsonValue.Create(b))]),
        ["bucketCounts"] = new JsonArray([.. point.BucketCounts.Select(c => JsonValue.Create(c))]),
    };
}
