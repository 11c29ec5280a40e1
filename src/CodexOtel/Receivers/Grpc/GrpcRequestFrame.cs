using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CodexOtel.Ledger;
using Grpc.Core;

namespace CodexOtel.Receivers.Grpc;

/// <summary>
/// Checks a unary gRPC request's message frame (1 byte compressed flag, 4 bytes big-endian length) before
/// Grpc.AspNetCore reads it. Grpc.AspNetCore casts the length to int, so a length of 2^31 or more throws inside it
/// and is answered UNKNOWN with a stack trace in the log; a corrupt compressed message does the same. Here a length
/// over the limit is RESOURCE_EXHAUSTED and a compressed message is inflated with the same bounded counting as
/// OTLP/HTTP bodies, so a bomb stops at the limit and corrupt data is INVALID_ARGUMENT; gRPC then reads a clean
/// uncompressed frame.
/// </summary>
internal static class GrpcRequestFrame
{
    private const int HeaderLength = 5;
    private const int Chunk = 64 * 1024;

    /// <summary>A refusal to answer with, or null when gRPC may read the (possibly rewritten) request.</summary>
    public static async Task<Status?> PrepareAsync(HttpContext context, int maxBytes)
    {
        var reader = context.Request.BodyReader;
        var cancellationToken = context.RequestAborted;
        var result = await reader.ReadAtLeastAsync(HeaderLength, cancellationToken).ConfigureAwait(false);
        var buffer = result.Buffer;
        if (buffer.Length < HeaderLength)
        {
            // Too short to be a message: gRPC reports that itself.
            reader.AdvanceTo(buffer.Start);
            return null;
        }

        var (compressed, length) = ReadHeader(buffer);
        if (length > (uint)maxBytes)
        {
            reader.AdvanceTo(buffer.Start);
            return TooLarge(maxBytes);
        }

        var encoding = context.Request.Headers["grpc-encoding"].ToString().Trim().ToLowerInvariant();
        if (!compressed || encoding is not ("gzip" or "deflate"))
        {
            // Uncompressed, or an encoding gRPC itself refuses cleanly: leave the bytes for gRPC to read.
            reader.AdvanceTo(buffer.Start);
            return null;
        }

        var end = HeaderLength + (long)length;
        while (buffer.Length < end && !result.IsCompleted)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            buffer = result.Buffer;
        }

        if (buffer.Length < end)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return new Status(StatusCode.InvalidArgument, "the request ended inside its message");
        }

        // Copied out of the pipe, which may hold it in several segments; the copy is at most the size limit.
        var message = BufferPool.Requests.Rent((int)length);
        buffer.Slice(HeaderLength, length).CopyTo(message);
        reader.AdvanceTo(buffer.GetPosition(end));
        var frame = new PooledBufferWriter(BufferPool.Requests, (int)Math.Min(length * 4L, maxBytes) + HeaderLength + Chunk, maxBytes + HeaderLength + Chunk);
        context.Response.RegisterForDispose(frame);
        Status? refusal;
        using (var compressedStream = new MemoryStream(message, 0, (int)length, writable: false))
        {
            refusal = Inflate(compressedStream, encoding, frame, maxBytes);
        }

        BufferPool.Requests.Return(message);
        if (refusal is not null)
        {
            return refusal;
        }

        // gRPC now reads the inflated message as if it had been sent uncompressed.
        MemoryMarshal.TryGetArray(frame.WrittenMemory, out var written);
        context.Request.Body = new MemoryStream(written.Array!, written.Offset, written.Count, writable: false);
        context.Request.Headers["grpc-encoding"] = "identity";
        return null;
    }

    private static (bool Compressed, uint Length) ReadHeader(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        return (header[0] == 1, BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    /// <summary>Writes an uncompressed frame of the message into <paramref name="frame"/>, counting bytes as they come out.</summary>
    private static Status? Inflate(Stream message, string encoding, PooledBufferWriter frame, int maxBytes)
    {
        frame.Advance(HeaderLength);
        try
        {
            using var decompressing = Decompressing.Open(message, encoding)!;
            int read;
            while ((read = decompressing.Stream.Read(frame.GetSpan(Chunk)[..Chunk])) > 0)
            {
                frame.Advance(read);
                if (frame.Length - HeaderLength > maxBytes)
                {
                    return TooLarge(maxBytes);
                }
            }

            var length = frame.Length - HeaderLength;
            decompressing.CheckComplete(length);

            var header = MemoryMarshal.AsMemory(frame.WrittenMemory).Span[..HeaderLength];
            header[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
            return null;
        }
        catch (InvalidDataException e)
        {
            return new Status(StatusCode.InvalidArgument, $"the message is not valid {encoding} data: {e.Message}");
        }
    }

    private static Status TooLarge(int maxBytes) => new(
        StatusCode.ResourceExhausted,
        $"the message is larger than {maxBytes >> 20} MiB (after decompression); send smaller batches");
}
