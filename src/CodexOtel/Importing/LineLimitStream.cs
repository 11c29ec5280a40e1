namespace CodexOtel.Importing;

/// <summary>
/// Passes a file's (decompressed) bytes through and fails as soon as one line grows past the limit. Readers hold a
/// whole line in memory, so a file of one endless line — gigabytes of it in a small gzip — would otherwise fill memory
/// before anything could be said about it.
/// </summary>
internal sealed class LineLimitStream(Stream inner, string path, int maxLineBytes) : Stream
{
    private long _line = 1;
    private long _lineBytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <exception cref="ImportException">a line is longer than the limit</exception>
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        var rest = buffer[..read];
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            _lineBytes += newline < 0 ? rest.Length : newline;
            if (_lineBytes > maxLineBytes)
            {
                throw new ImportException(
                    $"line {_line} of {path} is longer than {maxLineBytes >> 20} MiB: no collector or Codex rollout line is that long.",
                    $"leave {path} out of the import (importing the rest again skips what is already in)");
            }

            if (newline < 0)
            {
                return read;
            }

            _line++;
            _lineBytes = 0;
            rest = rest[(newline + 1)..];
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
