using System.Text.Json;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Otlp.Wire;
using Google.Protobuf;

namespace CodexOtel.Ledger;

/// <summary>
/// Turns an export request into ledger lines: compact OTLP-JSON, one request object per line, as the collector's file
/// exporter writes them. A request whose line would be longer than allowed is split (see <see cref="RequestSplitter"/>);
/// a single record larger than a line is refused and counted.
/// </summary>
public static class LedgerLineEncoder
{
    private const int InitialBuffer = 256 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Indented = false };

    /// <summary>
    /// The request's line written straight from its protobuf bytes (<see cref="OtlpProtobufTranscoder"/>), each
    /// resource with the <paramref name="stamp"/> if there is one; or null when the general path must take it: a
    /// request it does not cover, or one that needs splitting. <paramref name="spans"/> is shown the spans as they are
    /// written (void when this returns null).
    /// </summary>
    public static EncodedBatch? TryTranscode(Signal signal, ReadOnlySpan<byte> request, int maxLineBytes, ResourceStamp? stamp, out long records, ISpanObserver? spans = null)
    {
        // A request's JSON is (nearly always) larger than its protobuf: a longer one will need splitting.
        records = 0;
        if (!OtlpProtobufTranscoder.Covers(signal) || request.Length > maxLineBytes)
        {
            return null;
        }

        using var buffer = new PooledBufferWriter(BufferPool.Lines, InitialBuffer);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        if (!OtlpProtobufTranscoder.TryWrite(json, signal, request, stamp, out records, spans))
        {
            return null;
        }

        json.Flush();
        if (buffer.Length > maxLineBytes)
        {
            return null;
        }

        buffer.Write((byte)'\n');
        var length = buffer.Length;
        return new EncodedBatch(buffer.Pool, buffer.Detach(), length, 1, 0, null);
    }

    public static EncodedBatch Encode(Signal signal, IMessage request, int maxLineBytes)
    {
        using var buffer = new PooledBufferWriter(BufferPool.Lines, InitialBuffer);
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        var lines = 0;
        var rejected = 0L;
        var pending = new Stack<IMessage>();
        pending.Push(request);
        while (pending.TryPop(out var unit))
        {
            var start = buffer.Length;
            json.Reset(buffer);
            OtlpJsonEncoder.Write(json, signal, unit);
            json.Flush();
            if (buffer.Length - start <= maxLineBytes)
            {
                buffer.Write((byte)'\n');
                lines++;
                continue;
            }

            buffer.Truncate(start);
            var parts = RequestSplitter.Split(unit);
            if (parts.Count == 0)
            {
                rejected += RequestSplitter.CountRecords(unit);
                continue;
            }

            for (var i = parts.Count - 1; i >= 0; i--)
            {
                pending.Push(parts[i]);
            }
        }

        var reason = rejected > 0 ? $"{rejected} records were larger than the ledger's {maxLineBytes >> 10} KiB line limit" : null;
        var length = buffer.Length;
        return new EncodedBatch(buffer.Pool, buffer.Detach(), length, lines, rejected, reason);
    }
}
