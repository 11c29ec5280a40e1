using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Receivers;

/// <summary>Requests for receiver tests, and HTTP content for them.</summary>
internal static class OtlpRequests
{
    public static ExportTraceServiceRequest Spans(int count, string name = "handle_responses") => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                ScopeSpans =
                {
                    new ScopeSpans
                    {
                        Scope = new InstrumentationScope { Name = "codex" },
                        Spans =
                        {
                            Enumerable.Range(0, count).Select(i => new Span
                            {
                                TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(b => (byte)(b + i)).ToArray()),
                                SpanId = ByteString.CopyFrom(Enumerable.Range(1, 8).Select(b => (byte)(b * 3 + i)).ToArray()),
                                Name = name,
                                Kind = Span.Types.SpanKind.Internal,
                                StartTimeUnixNano = 1_700_000_000_000_000_000UL,
                                EndTimeUnixNano = 1_700_000_000_100_000_000UL,
                                Attributes = { new KeyValue { Key = "i", Value = new AnyValue { IntValue = i } } },
                            }),
                        },
                    },
                },
            },
        },
    };

    public static ExportMetricsServiceRequest Metrics() => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Scope = new InstrumentationScope { Name = "codex" },
                        Metrics =
                        {
                            new Metric
                            {
                                Name = "codex.api_request",
                                Sum = new Sum
                                {
                                    AggregationTemporality = AggregationTemporality.Delta,
                                    IsMonotonic = true,
                                    DataPoints = { new NumberDataPoint { AsInt = 3, TimeUnixNano = 1_700_000_000_000_000_000UL } },
                                },
                            },
                        },
                    },
                },
            },
        },
    };

    public static ByteArrayContent Protobuf(IMessage message) => Content(message.ToByteArray(), "application/x-protobuf");

    public static ByteArrayContent Content(byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return content;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }

    /// <summary>A small gzip body that inflates to <paramref name="inflatedBytes"/> zero bytes.</summary>
    public static byte[] GzipBomb(int inflatedBytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1 << 20];
            for (var written = 0; written < inflatedBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
