using BenchmarkDotNet.Attributes;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// What serve's spanmetrics consumer costs per span of a Codex-shaped traces ledger line: reading the line straight
/// from its bytes (SpanLineReader) or decoding it in full (what the consumer did before), and counting the spans.
/// Against ~5.5 µs of server CPU per span for ingest, the consumer should stay well under a tenth of that.
/// </summary>
[Config(typeof(MicroConfig))]
public class SpanMetricsBenchmarks
{
    private MicroPayloads _traces = null!;
    private SpanMetricsConnector _connector = null!;
    private SpanMetricsInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traces = new MicroPayloads(Signal.Traces);
        _connector = new SpanMetricsConnector(new MetricRegistry(), "bench");
        _input = new SpanMetricsInput();
        if (!SpanLineReader.TryRead(_traces.Line, _input))
        {
            throw new InvalidOperationException("the reader declined the bench's traces line");
        }
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "SpanLineReader, per span")]
    public int Read()
    {
        var input = new SpanMetricsInput();
        SpanLineReader.TryRead(_traces.Line, input);
        return input.Spans.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "OtlpJsonDecoder.DecodeTraces (before), per span")]
    public int Decode() => SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(_traces.Line)).Spans.Length;

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "SpanMetricsConnector.Consume, per span")]
    public int Count()
    {
        _connector.Consume(_input);
        return _input.Spans.Length;
    }
}
