using System.Text;
using CodexOtel.Otlp;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Otlp;

/// <summary>
/// Random OTLP requests in the collector's normal form, the form that survives OTLP-JSON unchanged:
/// message fields the collector always writes (resource, scope, status, body, key-value value, buckets) are set,
/// ids are either empty or not all zeros, and plain (non-optional, non-oneof) doubles are never -0.
/// </summary>
internal sealed class RandomOtlp(int seed)
{
    private static readonly string[] TextPieces =
    [
        "a", "codex", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "<", ">", "&",
        "é", "ü", "✓", "中文", "🚀", "👩‍💻", "\u2028", "\u2029", "\uFEFF", "{\"k\":1}", "0", "-", "_", ".",
    ];

    private static readonly double[] SpecialDoubles =
    [
        0, 1, -1, 0.5, 0.1, 637.704, 1e15, 1e16, 1e20, 1e21, 1e22, 1e-5, 1e-6, 1e-7, 9.99e-7, double.MaxValue,
        double.MinValue, double.Epsilon, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        123456789012345680, 0.30000000000000004, 4503599627370496.5, 9007199254740993,
    ];

    private readonly Random random = new(seed);

    public IMessage Request(Signal signal) => signal switch
    {
        Signal.Logs => Logs(),
        Signal.Traces => Traces(),
        _ => Metrics(),
    };

    public ExportTraceServiceRequest Traces()
    {
        var request = new ExportTraceServiceRequest();
        Repeat(3, () =>
        {
            var resourceSpans = new ResourceSpans { Resource = Resource(), SchemaUrl = MaybeText() };
            Repeat(3, () =>
            {
                var scopeSpans = new ScopeSpans { Scope = Scope(), SchemaUrl = MaybeText() };
                Repeat(4, () => scopeSpans.Spans.Add(Span()));
                resourceSpans.ScopeSpans.Add(scopeSpans);
            });
            request.ResourceSpans.Add(resourceSpans);
        });
        return request;
    }

    public ExportLogsServiceRequest Logs()
    {
        var request = new ExportLogsServiceRequest();
        Repeat(3, () =>
        {
            var resourceLogs = new ResourceLogs { Resource = Resource(), SchemaUrl = MaybeText() };
            Repeat(3, () =>
            {
                var scopeLogs = new ScopeLogs { Scope = Scope(), SchemaUrl = MaybeText() };
                Repeat(4, () => scopeLogs.LogRecords.Add(LogRecord()));
                resourceLogs.ScopeLogs.Add(scopeLogs);
            });
            request.ResourceLogs.Add(resourceLogs);
        });
        return request;
    }

    public ExportMetricsServiceRequest Metrics()
    {
        var request = new ExportMetricsServiceRequest();
        Repeat(3, () =>
        {
            var resourceMetrics = new ResourceMetrics { Resource = Resource(), SchemaUrl = MaybeText() };
            Repeat(3, () =>
            {
                var scopeMetrics = new ScopeMetrics { Scope = Scope(), SchemaUrl = MaybeText() };
                Repeat(5, () => scopeMetrics.Metrics.Add(Metric()));
                resourceMetrics.ScopeMetrics.Add(scopeMetrics);
            });
            request.ResourceMetrics.Add(resourceMetrics);
        });
        return request;
    }

    private Span Span()
    {
        var span = new Span
        {
            TraceId = Id(16),
            SpanId = Id(8),
            TraceState = MaybeText(),
            ParentSpanId = Id(8),
            Flags = UInt32(),
            Name = MaybeText(),
            Kind = (Span.Types.SpanKind)Enum(5),
            StartTimeUnixNano = UInt64(),
            EndTimeUnixNano = UInt64(),
            DroppedAttributesCount = UInt32(),
            DroppedEventsCount = UInt32(),
            DroppedLinksCount = UInt32(),
            Status = new Status { Message = MaybeText(), Code = (Status.Types.StatusCode)Enum(2) },
        };
        Attributes(span.Attributes);
        Repeat(2, () =>
        {
            var spanEvent = new Span.Types.Event { TimeUnixNano = UInt64(), Name = MaybeText(), DroppedAttributesCount = UInt32() };
            Attributes(spanEvent.Attributes);
            span.Events.Add(spanEvent);
        });
        Repeat(2, () =>
        {
            var link = new Span.Types.Link
            {
                TraceId = Id(16),
                SpanId = Id(8),
                TraceState = MaybeText(),
                DroppedAttributesCount = UInt32(),
                Flags = UInt32(),
            };
            Attributes(link.Attributes);
            span.Links.Add(link);
        });
        return span;
    }

    private LogRecord LogRecord()
    {
        var record = new LogRecord
        {
            TimeUnixNano = UInt64(),
            ObservedTimeUnixNano = UInt64(),
            SeverityNumber = (SeverityNumber)Enum(24),
            SeverityText = MaybeText(),
            Body = AnyValue(depth: 0),
            DroppedAttributesCount = UInt32(),
            Flags = UInt32(),
            TraceId = Id(16),
            SpanId = Id(8),
            EventName = MaybeText(),
        };
        Attributes(record.Attributes);
        return record;
    }

    private Metric Metric()
    {
        var metric = new Metric { Name = MaybeText(), Description = MaybeText(), Unit = MaybeText() };
        Attributes(metric.Metadata);
        switch (random.Next(6))
        {
            case 0:
                metric.Gauge = new Gauge();
                Repeat(3, () => metric.Gauge.DataPoints.Add(NumberDataPoint()));
                break;
            case 1:
                metric.Sum = new Sum { AggregationTemporality = (AggregationTemporality)Enum(2), IsMonotonic = Bool() };
                Repeat(3, () => metric.Sum.DataPoints.Add(NumberDataPoint()));
                break;
            case 2:
                metric.Histogram = new Histogram { AggregationTemporality = (AggregationTemporality)Enum(2) };
                Repeat(3, () => metric.Histogram.DataPoints.Add(HistogramDataPoint()));
                break;
            case 3:
                metric.ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = (AggregationTemporality)Enum(2) };
                Repeat(3, () => metric.ExponentialHistogram.DataPoints.Add(ExponentialHistogramDataPoint()));
                break;
            case 4:
                metric.Summary = new Summary();
                Repeat(3, () => metric.Summary.DataPoints.Add(SummaryDataPoint()));
                break;
        }

        return metric;
    }

    private NumberDataPoint NumberDataPoint()
    {
        var point = new NumberDataPoint { StartTimeUnixNano = UInt64(), TimeUnixNano = UInt64(), Flags = UInt32() };
        switch (random.Next(3))
        {
            case 0:
                point.AsDouble = Double(allowNegativeZero: true);
                break;
            case 1:
                point.AsInt = Int64();
                break;
        }

        Attributes(point.Attributes);
        Exemplars(point.Exemplars);
        return point;
    }

    private HistogramDataPoint HistogramDataPoint()
    {
        var point = new HistogramDataPoint { StartTimeUnixNano = UInt64(), TimeUnixNano = UInt64(), Count = UInt64(), Flags = UInt32() };
        if (Bool())
        {
            point.Sum = Double(allowNegativeZero: true);
        }

        if (Bool())
        {
            point.Min = Double(allowNegativeZero: true);
        }

        if (Bool())
        {
            point.Max = Double(allowNegativeZero: true);
        }

        Repeat(4, () => point.BucketCounts.Add(UInt64()));
        Repeat(3, () => point.ExplicitBounds.Add(Double(allowNegativeZero: true)));
        Attributes(point.Attributes);
        Exemplars(point.Exemplars);
        return point;
    }

    private ExponentialHistogramDataPoint ExponentialHistogramDataPoint()
    {
        var point = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = UInt64(),
            TimeUnixNano = UInt64(),
            Count = UInt64(),
            Scale = Int32(),
            ZeroCount = UInt64(),
            Positive = Buckets(),
            Negative = Buckets(),
            Flags = UInt32(),
            ZeroThreshold = Double(allowNegativeZero: false),
        };
        if (Bool())
        {
            point.Sum = Double(allowNegativeZero: true);
        }

        if (Bool())
        {
            point.Min = Double(allowNegativeZero: true);
        }

        if (Bool())
        {
            point.Max = Double(allowNegativeZero: true);
        }

        Attributes(point.Attributes);
        Exemplars(point.Exemplars);
        return point;
    }

    private ExponentialHistogramDataPoint.Types.Buckets Buckets()
    {
        var buckets = new ExponentialHistogramDataPoint.Types.Buckets { Offset = Int32() };
        Repeat(4, () => buckets.BucketCounts.Add(UInt64()));
        return buckets;
    }

    private SummaryDataPoint SummaryDataPoint()
    {
        var point = new SummaryDataPoint
        {
            StartTimeUnixNano = UInt64(),
            TimeUnixNano = UInt64(),
            Count = UInt64(),
            Sum = Double(allowNegativeZero: false),
            Flags = UInt32(),
        };
        Repeat(3, () => point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile
        {
            Quantile = Double(allowNegativeZero: false),
            Value = Double(allowNegativeZero: false),
        }));
        Attributes(point.Attributes);
        return point;
    }

    private void Exemplars(Google.Protobuf.Collections.RepeatedField<Exemplar> target) => Repeat(2, () =>
    {
        var exemplar = new Exemplar { TimeUnixNano = UInt64(), TraceId = Id(16), SpanId = Id(8) };
        switch (random.Next(3))
        {
            case 0:
                exemplar.AsDouble = Double(allowNegativeZero: true);
                break;
            case 1:
                exemplar.AsInt = Int64();
                break;
        }

        Attributes(exemplar.FilteredAttributes);
        target.Add(exemplar);
    });

    private Resource Resource()
    {
        var resource = new Resource { DroppedAttributesCount = UInt32() };
        Attributes(resource.Attributes);
        Repeat(2, () =>
        {
            var entityRef = new EntityRef { SchemaUrl = MaybeText(), Type = MaybeText() };
            Repeat(3, () => entityRef.IdKeys.Add(Text()));
            Repeat(3, () => entityRef.DescriptionKeys.Add(Text()));
            resource.EntityRefs.Add(entityRef);
        });
        return resource;
    }

    private InstrumentationScope Scope()
    {
        var scope = new InstrumentationScope { Name = MaybeText(), Version = MaybeText(), DroppedAttributesCount = UInt32() };
        Attributes(scope.Attributes);
        return scope;
    }

    private void Attributes(Google.Protobuf.Collections.RepeatedField<KeyValue> target, int depth = 0) =>
        Repeat(depth == 0 ? 5 : 3, () => target.Add(new KeyValue { Key = MaybeText(), Value = AnyValue(depth) }));

    private AnyValue AnyValue(int depth)
    {
        var value = new AnyValue();
        switch (random.Next(depth < 3 ? 8 : 6))
        {
            case 0:
                value.StringValue = MaybeText();
                break;
            case 1:
                value.BoolValue = Bool();
                break;
            case 2:
                value.IntValue = Int64();
                break;
            case 3:
                value.DoubleValue = Double(allowNegativeZero: true);
                break;
            case 4:
                value.BytesValue = ByteString.CopyFrom(Bytes(random.Next(6)));
                break;
            case 5:
                break;
            case 6:
                value.ArrayValue = new ArrayValue();
                Repeat(3, () => value.ArrayValue.Values.Add(AnyValue(depth + 1)));
                break;
            default:
                value.KvlistValue = new KeyValueList();
                Attributes(value.KvlistValue.Values, depth + 1);
                break;
        }

        return value;
    }

    private ByteString Id(int length)
    {
        if (random.Next(4) == 0)
        {
            return ByteString.Empty;
        }

        var bytes = Bytes(length);
        bytes[random.Next(length)] |= 1;
        return ByteString.CopyFrom(bytes);
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private string MaybeText() => random.Next(3) == 0 ? string.Empty : Text();

    private string Text()
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            text.Append(TextPieces[random.Next(TextPieces.Length)]);
        }

        return text.ToString();
    }

    private double Double(bool allowNegativeZero)
    {
        var value = random.Next(3) switch
        {
            0 => SpecialDoubles[random.Next(SpecialDoubles.Length)],
            1 => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 25)), random.Next(0, 8)),
            _ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
        };
        if (double.IsNaN(value))
        {
            value = double.NaN; // the one NaN the JSON string "NaN" reads back as
        }

        return !allowNegativeZero && value == 0 ? 0 : value;
    }

    private ulong UInt64() => random.Next(4) switch
    {
        0 => 0,
        1 => (ulong)random.Next(1000),
        2 => ulong.MaxValue - (ulong)random.Next(3),
        _ => (ulong)random.NextInt64(long.MinValue, long.MaxValue),
    };

    private long Int64() => random.Next(4) switch
    {
        0 => 0,
        1 => random.Next(-1000, 1000),
        2 => random.Next(2) == 0 ? long.MinValue : long.MaxValue,
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    private uint UInt32() => random.Next(3) switch
    {
        0 => 0,
        1 => (uint)random.Next(300),
        _ => (uint)random.NextInt64(0, uint.MaxValue + 1L),
    };

    private int Int32() => random.Next(3) == 0 ? 0 : random.Next(int.MinValue, int.MaxValue);

    /// <summary>A value of an enum with values 0..max, now and then one it does not define.</summary>
    private int Enum(int max) => random.Next(10) == 0 ? random.Next(max + 1, 1000) : random.Next(max + 1);

    private bool Bool() => random.Next(2) == 0;

    private void Repeat(int max, Action add)
    {
        for (var i = random.Next(max + 1); i > 0; i--)
        {
            add();
        }
    }
}
