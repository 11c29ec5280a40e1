using System.IO.Compression;
using ZstdSharp;

namespace CodexOtel.Receivers;

/// <summary>
/// A request's bytes as they come out of its encoding (gzip, deflate, zstd or none), for OTLP/HTTP bodies and gRPC
/// messages alike; the reader counts what comes out against its limit, so a bomb stops there. A gzip stream's size
/// trailer is kept, since .NET's GZipStream ends quietly on a truncated stream: <see cref="CheckComplete"/> tells.
/// </summary>
internal sealed class Decompressing : IAsyncDisposable, IDisposable
{
    private readonly GzipTrailerCapture? _gzip;

    private Decompressing(Stream stream, GzipTrailerCapture? gzip)
    {
        Stream = stream;
        _gzip = gzip;
    }

    /// <summary>The decompressed bytes; the compressed stream is left open.</summary>
    public Stream Stream { get; }

    /// <summary>The encoding's bytes decompressed, or null for an encoding it does not know.</summary>
    public static Decompressing? Open(Stream compressed, string encoding)
    {
        switch (encoding)
        {
            case "" or "identity" or "none":
                return new Decompressing(compressed, null);
            case "gzip" or "x-gzip":
                var gzip = new GzipTrailerCapture(compressed);
                return new Decompressing(new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true), gzip);
            case "deflate":
                return new Decompressing(new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true), null);
            case "zstd":
                return new Decompressing(new DecompressionStream(compressed, leaveOpen: true), null);
            default:
                return null;
        }
    }

    /// <summary>Once the stream is read to its end: whether it held all of its data.</summary>
    /// <exception cref="InvalidDataException">a gzip stream whose size trailer does not match what came out</exception>
    public void CheckComplete(long decompressedLength)
    {
        if (_gzip is not null && !_gzip.SizeMatches(decompressedLength))
        {
            throw new InvalidDataException("the gzip stream is truncated or corrupt (its size trailer does not match)");
        }
    }

    public void Dispose() => Stream.Dispose();

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
