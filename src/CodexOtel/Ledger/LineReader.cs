namespace CodexOtel.Ledger;

/// <summary>Reads '\n'-terminated lines as bytes with the offset just past each; a last line without '\n' is returned with <c>Complete = false</c>.</summary>
internal sealed class LineReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _consumed;
    private bool _eof;

    public readonly record struct Line(byte[] Bytes, long EndOffset, bool Complete);

    public Line? Next()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var bytes = _buffer.AsSpan(_start, newline).ToArray();
                _start += newline + 1;
                _consumed += newline + 1;
                return new Line(bytes, _consumed, true);
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    return null;
                }

                var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
                _consumed += rest.Length;
                _start = _end;
                return new Line(rest, _consumed, false);
            }

            Fill();
        }
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
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
