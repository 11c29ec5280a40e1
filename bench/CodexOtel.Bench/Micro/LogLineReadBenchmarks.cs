using BenchmarkDotNet.Attributes;
using CodexOtel.Indexing;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// What indexing and import do with every logs line: OTLP-JSON → Codex events. Byte by byte (the compact form the
/// ledger and the collector write), token by token (any JSON), and the general path (decode the request, then
/// normalise it). Per record.
/// </summary>
[Config(typeof(MicroConfig))]
public class LogLineReadBenchmarks
{
    private MicroPayloads _logs = null!;

    [GlobalSetup]
    public void Setup() => _logs = new MicroPayloads(Signal.Logs);

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "JsonLogLineReader, compact form, per log record")]
    public int Compact() => JsonLogLineReader.TryReadCompact(_logs.Line)!.Events.Count;

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "JsonLogLineReader, token by token, per log record")]
    public int Tokens() => JsonLogLineReader.TryReadTokens(_logs.Line)!.Events.Count;

    [Benchmark(OperationsPerInvoke = MicroPayloads.Records, Description = "decode + CodexNormaliser, per log record")]
    public int DecodeAndNormalise() => LineEvents.Of(OtlpJsonDecoder.DecodeLogs(_logs.Line)).Events.Count;
}
