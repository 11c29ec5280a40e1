using BenchmarkDotNet.Attributes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// The whole CPU path the ledger adds per request, minus sockets, Kestrel and fsync: the OTLP-JSON line (decoded
/// and encoded, or transcoded from the protobuf bytes) and its hash chain link. Per span — compare with the CPU
/// budget a span gets at the target rate.
/// </summary>
[Config(typeof(MicroConfig))]
public class ReceivePathBenchmarks
{
    private readonly byte[] _previous = new byte[HashChain.HashBytes];
    private readonly byte[] _next = new byte[HashChain.HashBytes];
    private MicroPayloads _traces = null!;
    private ChainHasher _hasher = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traces = new MicroPayloads(Signal.Traces);
        _hasher = new ChainHasher();
    }

    [GlobalCleanup]
    public void Cleanup() => _hasher.Dispose();

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "decode + encode + chain, per span")]
    public int DecodeEncodeChain()
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(_traces.Protobuf);
        _ = RequestSplitter.CountRecords(request);
        using var batch = LedgerLineEncoder.Encode(Signal.Traces, request, 1 << 20);
        _hasher.Next(_previous, batch.Span[..^1], _next);
        return batch.Length;
    }

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "transcode + chain (the OTLP/protobuf path), per span")]
    public int TranscodeChain()
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Traces, _traces.Protobuf, 1 << 20, MicroPayloads.Sender.Stamp, out _)!;
        _hasher.Next(_previous, batch.Span[..^1], _next);
        return batch.Length;
    }
}
