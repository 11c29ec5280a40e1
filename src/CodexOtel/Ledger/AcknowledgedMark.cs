using System.Globalization;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// How much of the active segment the recorder has acknowledged, kept in <c>otel-{signal}.acked</c>:
/// <c>{chain length: 16 hex} {end offset: 16 hex} {last hash: 64 hex}\n</c>. The syncer writes it after data and chain
/// are fsynced and before it answers the clients, so every acknowledged line is at or below the mark. It is not
/// fsynced on that path (a crash of the process keeps it; a power loss may leave an older, lower mark, which only
/// makes recovery call less of what it cuts a crash tail, never more). Recovery compares the files with it to tell a
/// crash tail from lost acknowledged lines (<see cref="SegmentRecovery"/>).
/// </summary>
internal sealed class AcknowledgedMark : IDisposable
{
    private const int Bytes = 17 + HashChain.EntryBytes;

    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[Bytes];

    private AcknowledgedMark(FileStream file) => _file = file;

    public static string PathOf(string folder, Signal signal) => Path.Combine(folder, $"otel-{signal.FileStem()}.acked");

    public static AcknowledgedMark Open(string folder, Signal signal) =>
        new(new FileStream(PathOf(folder, signal), DataDirectory.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite)));

    /// <summary>The acknowledged state; null when the mark is missing or unreadable (written by an older version, or damaged).</summary>
    public ActiveSegmentState? Read()
    {
        Span<byte> text = stackalloc byte[Bytes];
        return Parse(text[..RandomAccess.Read(_file.SafeFileHandle, text, 0)]);
    }

    /// <summary>The mark of a signal read without opening it for writing (a reader beside a running recorder); null when there is none.</summary>
    public static ActiveSegmentState? ReadFile(string folder, Signal signal)
    {
        try
        {
            using var file = new FileStream(PathOf(folder, signal), DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
            Span<byte> text = stackalloc byte[Bytes];
            return Parse(text[..RandomAccess.Read(file.SafeFileHandle, text, 0)]);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static ActiveSegmentState? Parse(ReadOnlySpan<byte> text)
    {
        var hash = new byte[HashChain.HashBytes];
        if (text.Length != Bytes || text[16] != (byte)' '
            || !long.TryParse(text[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var chainLength)
            || !HashChain.TryReadEntry(text[17..], out var dataLength, hash))
        {
            return null;
        }

        return new ActiveSegmentState(dataLength, chainLength, hash);
    }

    /// <summary>Records <paramref name="state"/> as acknowledged; <paramref name="sync"/> also makes it durable.</summary>
    public void Write(ActiveSegmentState state, bool sync)
    {
        state.ChainLength.TryFormat(_buffer.AsSpan(0, 16), out _, "x16", CultureInfo.InvariantCulture);
        _buffer[16] = (byte)' ';
        HashChain.WriteEntry(state.DataLength, state.LastHash, _buffer.AsSpan(17));
        RandomAccess.Write(_file.SafeFileHandle, _buffer, 0);
        if (sync)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _file.Dispose();
}
