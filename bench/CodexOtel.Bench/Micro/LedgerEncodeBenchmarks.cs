using BenchmarkDotNet.Attributes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// The ledger's own CPU work on a request: OTLP-JSON line encoding of a decoded request (the general path), and of
/// the protobuf bytes straight from the wire (the path OTLP/protobuf takes). Per record.
/// </summary>
[Config(typeof(MicroConfig))]
public class LedgerEncodeBenchmarks
{
    private MicroPayloads _traces = null!;
    private MicroPayloads _logs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traces = new MicroPayloads(Signal.Traces);
        _logs = new MicroPayloads(Signal.Logs);
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "LedgerLineEncoder.Encode, per span")]
    public int EncodeTraces()
    {
        using var batch = LedgerLineEncoder.Encode(Signal.Traces, _traces.Message, 1 << 20);
        return batch.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "LedgerLineEncoder.Encode, per log record")]
    public int EncodeLogs()
    {
        using var batch = LedgerLineEncoder.Encode(Signal.Logs, _logs.Message, 1 << 20);
        return batch.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "LedgerLineEncoder.TryTranscode (protobuf bytes → line), per span")]
    public int TranscodeTraces()
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Traces, _traces.Protobuf, 1 << 20, MicroPayloads.Sender.Stamp, out _)!;
        return batch.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "LedgerLineEncoder.TryTranscode (protobuf bytes → line), per log record")]
    public int TranscodeLogs()
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Logs, _logs.Protobuf, 1 << 20, MicroPayloads.Sender.Stamp, out _)!;
        return batch.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "RequestSplitter.CountRecords, per span")]
    public long CountSpans() => RequestSplitter.CountRecords(_traces.Message);
}
