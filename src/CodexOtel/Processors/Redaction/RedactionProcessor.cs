using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Processors.Redaction;

/// <summary>
/// Replaces secrets in every string value of a request before the ledger: attributes (also inside arrays and
/// key-value lists), log bodies, span events, links and status messages, data points and exemplars, resources and
/// scopes. Names (of spans, metrics, events, attributes) are kept: they are not where secrets are. The record that
/// held a secret is marked with <see cref="RedactionTally.MarkerKey"/>; a secret in a resource or scope marks that.
/// </summary>
public sealed class RedactionProcessor(Redactor redactor) : IExportProcessor
{
    public bool MutatesData => true;

    public bool Passes(ReadOnlySpan<byte> encoded, bool json) => !redactor.MayRedact(encoded, json);

    public void Process(Signal signal, IMessage request)
    {
        var tally = new RedactionTally(redactor.Rules);
        switch (request)
        {
            case ExportLogsServiceRequest logs:
                foreach (var resource in logs.ResourceLogs)
                {
                    RedactResource(resource.Resource, tally);
                    foreach (var scope in resource.ScopeLogs)
                    {
                        RedactScope(scope.Scope, tally);
                        foreach (var record in scope.LogRecords)
                        {
                            Value(record.Body, tally);
                            Attributes(record.Attributes, tally);
                            Mark(record.Attributes, tally);
                        }
                    }
                }

                break;
            case ExportTraceServiceRequest traces:
                foreach (var resource in traces.ResourceSpans)
                {
                    RedactResource(resource.Resource, tally);
                    foreach (var scope in resource.ScopeSpans)
                    {
                        RedactScope(scope.Scope, tally);
                        foreach (var span in scope.Spans)
                        {
                            RedactSpan(span, tally);
                        }
                    }
                }

                break;
            case ExportMetricsServiceRequest metrics:
                foreach (var resource in metrics.ResourceMetrics)
                {
                    RedactResource(resource.Resource, tally);
                    foreach (var scope in resource.ScopeMetrics)
                    {
                        RedactScope(scope.Scope, tally);
                        foreach (var metric in scope.Metrics)
                        {
                            RedactMetric(metric, tally);
                        }
                    }
                }

                break;
        }
    }

    private void RedactSpan(Span span, RedactionTally tally)
    {
        Attributes(span.Attributes, tally);
        foreach (var spanEvent in span.Events)
        {
            Attributes(spanEvent.Attributes, tally);
        }

        foreach (var link in span.Links)
        {
            Attributes(link.Attributes, tally);
        }

        if (span.Status is { Message.Length: > 0 } status)
        {
            status.Message = redactor.Redact(status.Message, tally);
        }

        Mark(span.Attributes, tally);
    }

    private void RedactMetric(Metric metric, RedactionTally tally)
    {
        Attributes(metric.Metadata, tally);
        Mark(metric.Metadata, tally);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                NumberPoints(metric.Gauge.DataPoints, tally);
                break;
            case Metric.DataOneofCase.Sum:
                NumberPoints(metric.Sum.DataPoints, tally);
                break;
            case Metric.DataOneofCase.Histogram:
                foreach (var point in metric.Histogram.DataPoints)
                {
                    Point(point.Attributes, point.Exemplars, tally);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                foreach (var point in metric.ExponentialHistogram.DataPoints)
                {
                    Point(point.Attributes, point.Exemplars, tally);
                }

                break;
            case Metric.DataOneofCase.Summary:
                foreach (var point in metric.Summary.DataPoints)
                {
                    Point(point.Attributes, null, tally);
                }

                break;
        }
    }

    private void NumberPoints(RepeatedField<NumberDataPoint> points, RedactionTally tally)
    {
        foreach (var point in points)
        {
            Point(point.Attributes, point.Exemplars, tally);
        }
    }

    private void Point(RepeatedField<KeyValue> attributes, RepeatedField<Exemplar>? exemplars, RedactionTally tally)
    {
        Attributes(attributes, tally);
        foreach (var exemplar in exemplars ?? [])
        {
            Attributes(exemplar.FilteredAttributes, tally);
        }

        Mark(attributes, tally);
    }

    private void RedactResource(Resource? resource, RedactionTally tally)
    {
        if (resource is not null)
        {
            Attributes(resource.Attributes, tally);
            Mark(resource.Attributes, tally);
        }
    }

    private void RedactScope(InstrumentationScope? scope, RedactionTally tally)
    {
        if (scope is not null)
        {
            Attributes(scope.Attributes, tally);
            Mark(scope.Attributes, tally);
        }
    }

    private void Attributes(RepeatedField<KeyValue> attributes, RedactionTally tally)
    {
        foreach (var attribute in attributes)
        {
            Value(attribute.Value, tally);
        }
    }

    private void Value(AnyValue? value, RedactionTally tally)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                value.StringValue = redactor.Redact(value.StringValue, tally);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                foreach (var item in value.ArrayValue.Values)
                {
                    Value(item, tally);
                }

                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                Attributes(value.KvlistValue.Values, tally);
                break;
        }
    }

    // The record's own marker replaces one a client sent: the ledger says what this recorder redacted.
    private static void Mark(RepeatedField<KeyValue> attributes, RedactionTally tally)
    {
        if (!tally.Any)
        {
            return;
        }

        var marker = new AnyValue { StringValue = tally.TakeMarker() };
        foreach (var attribute in attributes)
        {
            if (attribute.Key == RedactionTally.MarkerKey)
            {
                attribute.Value = marker;
                return;
            }
        }

        attributes.Add(new KeyValue { Key = RedactionTally.MarkerKey, Value = marker });
    }
}
