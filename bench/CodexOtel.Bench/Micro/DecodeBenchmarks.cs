using BenchmarkDotNet.Attributes;
using CodexOtel.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Bench.Micro;

/// <summary>What every receiver does first: protobuf bytes → export request. Per record.</summary>
[Config(typeof(MicroConfig))]
public class DecodeBenchmarks
{
    private MicroPayloads _traces = null!;
    private MicroPayloads _logs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traces = new MicroPayloads(Signal.Traces);
        _logs = new MicroPayloads(Signal.Logs);
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "protobuf decode, per span")]
    public ExportTraceServiceRequest DecodeTraces() => ExportTraceServiceRequest.Parser.ParseFrom(_traces.Protobuf);

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "protobuf decode, per log record")]
    public ExportLogsServiceRequest DecodeLogs() => ExportLogsServiceRequest.Parser.ParseFrom(_logs.Protobuf);
}
