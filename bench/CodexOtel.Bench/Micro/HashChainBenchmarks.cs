using BenchmarkDotNet.Attributes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Micro;

/// <summary>The hash chain over one ledger line (a 512-span request as OTLP-JSON) and its chain entry. Per span.</summary>
[Config(typeof(MicroConfig))]
public class HashChainBenchmarks
{
    private readonly byte[] _previous = new byte[HashChain.HashBytes];
    private readonly byte[] _next = new byte[HashChain.HashBytes];
    private readonly byte[] _entry = new byte[HashChain.EntryBytes];
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

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "SHA-256 chain link over the line, per span")]
    public byte ChainLine()
    {
        _hasher.Next(_previous, _traces.Line, _next);
        HashChain.WriteEntry(_traces.Line.Length + 1, _next, _entry);
        return _entry[0];
    }
}
