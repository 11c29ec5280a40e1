using CodexOtel.Ledger;

namespace CodexOtel.Pipeline;

/// <summary>
/// What the pipeline appends for one imported request, once its processors have run: the collector line as it was
/// read, or ledger lines encoded from the request; neither when the processors left it no records.
/// </summary>
public readonly struct PreparedExport
{
    private PreparedExport(ReadOnlyMemory<byte>? verbatim, EncodedBatch? encoded)
    {
        Verbatim = verbatim;
        Encoded = encoded;
    }

    /// <summary>A line to append byte for byte (without its newline).</summary>
    public ReadOnlyMemory<byte>? Verbatim { get; }

    public EncodedBatch? Encoded { get; }

    public static PreparedExport Nothing => default;

    public static PreparedExport AsRead(ReadOnlyMemory<byte> line) => new(line, null);

    public static PreparedExport Lines(EncodedBatch lines) => new(null, lines);

    /// <summary>The <see cref="LineHash"/> of each ledger line it is written as (<paramref name="lineHash"/>: the verbatim line's).</summary>
    public IReadOnlyList<UInt128> LedgerLines(UInt128 lineHash) =>
        Verbatim is not null ? [lineHash] : Encoded is { } batch ? LineHash.OfLines(batch.Span) : [];
}
