using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// Checks that a ledger holds exactly what a client says it sent (the description printed by
/// send-otlp-json.mjs or returned by <see cref="DotNetSdkClient"/>): the same spans, logs and metrics, field by field,
/// under the client's resource and scopes, and nothing else — but for the spanmetrics serve computes from the spans
/// and writes into its metrics ledger under its own scope (with its Prometheus endpoint on).
/// </summary>
public static class SentTelemetryAssert
{
    public static void LedgerHoldsExactly(JsonObject sent, LedgerContents ledger)
    {
        var resource = sent["resource"]!.AsObject();
        var scopes = sent["scopes"]!.AsObject();

        var metrics = ledger.Metrics.Where(m => m.Scope.Name != CodexOtel.Metrics.SpanMetrics.SpanMetricsConnector.ScopeName).ToList();
        BelongTo(ledger.Spans, resource, scopes["traces"]!, "span");
        BelongTo(ledger.Logs, resource, scopes["logs"]!, "log record");
        BelongTo(metrics, resource, scopes["metrics"]!, "metric");

        JsonAssert.SameElements(sent["spans"]!.AsArray(), ledger.Spans.Select(s => TelemetryShape.Of(s.Item)), "spans");
        JsonAssert.SameElements(sent["logs"]!.AsArray(), ledger.Logs.Select(l => TelemetryShape.Of(l.Item)), "log records");
        JsonAssert.SameElements(
            sent["metrics"]!.AsArray().Select(m => WithSortedPoints(m!)),
            metrics.Select(m => WithSortedPoints(TelemetryShape.Of(m.Item))),
            "metrics");
    }

    private static void BelongTo<T>(IEnumerable<Scoped<T>> items, JsonObject resource, JsonNode scope, string what)
    {
        foreach (var item in items)
        {
            var actual = TypedValue.Of(item.Resource.Attributes);
            foreach (var (key, value) in resource)
            {
                JsonAssert.Equal(value, actual[key], $"resource attribute {key} of a {what}");
            }

            JsonAssert.Equal(
                scope,
                new JsonObject { ["name"] = item.Scope.Name, ["version"] = item.Scope.Version },
                $"instrumentation scope of a {what}");
        }
    }

    // Data point order within a metric is not part of OTLP's meaning.
    private static JsonNode WithSortedPoints(JsonNode metric)
    {
        var copy = metric.DeepClone();
        if (copy["points"] is JsonArray points)
        {
            copy["points"] = new JsonArray([.. points
                .Select(p => p!.DeepClone())
                .OrderBy(p => p["attributes"]!.ToJsonString(), StringComparer.Ordinal)]);
        }

        return copy;
    }
}
