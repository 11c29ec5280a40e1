using BenchmarkDotNet.Attributes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Micro;

/// <summary>The ledger's own CPU work on a request: OTLP-JSON line encoding. Per record.</summary>
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

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "RequestSplitter.CountRecords, per span")]
    public long CountSpans() => RequestSplitter.CountRecords(_traces.Message);
}
