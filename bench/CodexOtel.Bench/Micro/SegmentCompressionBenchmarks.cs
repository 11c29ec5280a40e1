using BenchmarkDotNet.Attributes;
using CodexOtel.Bench.Payloads;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// zstd of a rotated segment, as <c>SegmentCompressor</c> streams it (1 MiB chunks through a CompressionStream), at
/// the level it uses and the one before. The input is what the ingest benchmark writes: its 16 distinct Codex-shaped
/// batches of 512 spans as ledger lines. Per record, to set against the ledger's CPU time per span.
/// </summary>
[Config(typeof(MicroConfig))]
public class SegmentCompressionBenchmarks
{
    private const int Batches = 16;
    private const int Chunk = 1 << 20;

    private byte[] _segment = [];

    [Params(1, 3)]
    public int Level { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var segment = new MemoryStream();
        for (var seed = 0; seed < Batches; seed++)
        {
            using var batch = LedgerLineEncoder.Encode(Signal.Traces, PreparedPayloads.Build(Signal.Traces, seed), 1 << 20);
            segment.Write(batch.Span);
        }

        _segment = segment.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batches * PreparedPayloads.RecordsPerRequest, Description = "zstd CompressionStream, per span")]
    public long Compress()
    {
        var output = new CountingSink();
        using (var zstd = new CompressionStream(output, Level, leaveOpen: true))
        {
            for (var offset = 0; offset < _segment.Length; offset += Chunk)
            {
                zstd.Write(_segment, offset, Math.Min(Chunk, _segment.Length - offset));
            }
        }

        return output.Length;
    }

    /// <summary>Counts what it is given, like a file that costs nothing to write.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
