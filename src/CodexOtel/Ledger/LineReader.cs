using System.Buffers;

namespace CodexOtel.Ledger;

/// <summary>
/// Reads '\n'-terminated lines as bytes with the offset just past each; a last line without '\n' is returned with
/// <c>Complete = false</c>. Its buffer is pooled (readers come and go with each batch an indexer reads, and one grown
/// past 85 KB for a long line would be a large-object allocation each time).
/// </summary>
internal sealed class LineReader(Stream stream, int initialBuffer = 1 << 16) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialBuffer);
    private int _start;
    private int _end;
    private long _consumed;
    private bool _eof;

    /// <summary>The size its buffer has grown to (a line longer than the buffer doubles it).</summary>
    public int Capacity => _buffer.Length;

    public readonly record struct Line(byte[] Bytes, long EndOffset, bool Complete);

    public Line? Next() =>
        TryNext(out var bytes, out var endOffset, out var complete) ? new Line(bytes.ToArray(), endOffset, complete) : null;

    /// <summary>The next line as a span into the reader's buffer, valid until the next call; false at the end.</summary>
    public bool TryNext(out ReadOnlySpan<byte> bytes, out long endOffset, out bool complete)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                bytes = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                _consumed += newline + 1;
                (endOffset, complete) = (_consumed, true);
                return true;
            }

            if (_eof)
            {
                bytes = _buffer.AsSpan(_start, _end - _start);
                _consumed += bytes.Length;
                _start = _end;
                (endOffset, complete) = (_consumed, false);
                return !bytes.IsEmpty;
            }

            Fill();
        }
    }

    /// <summary>Forgets what it buffered: the caller has moved the stream, and end offsets count from there again.</summary>
    public void Restart()
    {
        (_start, _end, _consumed, _eof) = (0, 0, 0, false);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
