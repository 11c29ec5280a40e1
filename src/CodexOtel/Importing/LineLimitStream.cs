using CodexOtel.Ledger;

namespace CodexOtel.Importing;

/// <summary>
/// Passes a file's (decompressed) bytes through and fails as soon as one line grows past the limit. Readers hold a
/// whole line in memory, so a file of one endless line — gigabytes of it in a small gzip — would otherwise fill memory
/// before anything could be said about it.
/// </summary>
internal sealed class LineLimitStream(Stream inner, string path, int maxLineBytes) : ReadOnlyWrapperStream(inner)
{
    private long _line = 1;
    private long _lineBytes;

    /// <exception cref="ImportException">a line is longer than the limit</exception>
    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
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
}
