using System.Text.Json;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Otlp.Wire;

/// <summary>
/// Writes a protobuf export request as the ledger's OTLP-JSON line straight from its wire bytes, with no message
/// objects in between: byte for byte what <see cref="OtlpJsonEncoder"/> writes for the decoded request (pdata's
/// field order and defaults). Protobuf fields may arrive in any order, so each message is read once for its
/// singular fields and its repeated fields are read again in place when their turn comes.
/// <para>
/// It covers what Codex and the SDKs send in volume, logs and traces. Anything else takes the general path
/// (decode, then encode), which also owns every error message: metrics, malformed bytes, invalid UTF-8, ids of
/// the wrong length, a singular message field given twice (protobuf merges those), nesting deeper than
/// <see cref="MaxDepth"/>.
/// </para>
/// </summary>
internal static partial class OtlpProtobufTranscoder
{
    /// <summary>AnyValue nesting the fast path follows (the general decoder allows 100 levels).</summary>
    public const int MaxDepth = 32;

    /// <summary>Whether requests of the signal can take this path at all (metrics cannot).</summary>
    public static bool Covers(Signal signal) => signal is Signal.Logs or Signal.Traces;

    /// <summary>
    /// Writes the request, each resource with the <paramref name="stamp"/> if there is one; false (with the writer in an
    /// undefined state) when the general path must take it, as for a resource that carries an attribute the stamp owns
    /// (a client's attempt to set it, which the general path takes away). <paramref name="records"/> counts the log
    /// records or spans written. <paramref name="spans"/>, if given, is shown each resource and span as it is written
    /// (what it was shown is void when this returns false).
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter writer, Signal signal, ReadOnlySpan<byte> request, ResourceStamp? stamp, out long records, ISpanObserver? spans = null)
    {
        var progress = new Progress { Spans = spans };
        try
        {
            switch (signal)
            {
                case Signal.Logs:
                    WriteEnvelope(writer, request, JsonNames.ResourceLogs, stamp, ref progress, WriteResourceLogs);
                    return true;
                case Signal.Traces:
                    WriteEnvelope(writer, request, JsonNames.ResourceSpans, stamp, ref progress, WriteResourceSpans);
                    return true;
                default:
                    return false;
            }
        }
        catch (WireFormatException)
        {
            return false;
        }
        finally
        {
            records = progress.Records;
        }
    }

    /// <summary>What a write carries down to every record: the count so far, and who is shown the spans.</summary>
    private struct Progress
    {
        public long Records;
        public ISpanObserver? Spans;
    }

    private delegate void ItemWriter(Utf8JsonWriter writer, ReadOnlySpan<byte> item, ref Progress progress);

    private delegate void ResourceWriter(Utf8JsonWriter writer, ReadOnlySpan<byte> resource, ResourceStamp? stamp, ref Progress progress);

    private static void WriteEnvelope(
        Utf8JsonWriter writer, ReadOnlySpan<byte> request, JsonEncodedText name, ResourceStamp? stamp, ref Progress progress, ResourceWriter writeResource)
    {
        writer.WriteStartObject();
        var reader = new WireReader(request);
        var any = false;
        while (reader.TryReadTag(out var tag))
        {
            if (tag != Tag(1, Len))
            {
                reader.Skip(tag);
                continue;
            }

            if (!any)
            {
                writer.WritePropertyName(name);
                writer.WriteStartArray();
                any = true;
            }

            writeResource(writer, reader.ReadBytes(), stamp, ref progress);
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// ResourceLogs and ResourceSpans, ScopeLogs and ScopeSpans share one shape: a message (1), repeated items (2),
    /// schema_url (3). Writes the message through <paramref name="writeFirst"/> (given <paramref name="state"/>), then
    /// the items, then the schema URL.
    /// </summary>
    private static void WriteContainer<TState>(
        Utf8JsonWriter writer,
        ReadOnlySpan<byte> container,
        JsonEncodedText itemsName,
        ref Progress progress,
        TState state,
        Action<Utf8JsonWriter, ReadOnlySpan<byte>, TState> writeFirst,
        ItemWriter writeItem)
    {
        var reader = new WireReader(container);
        ReadOnlySpan<byte> first = default;
        ReadOnlySpan<byte> schemaUrl = default;
        var itemsAt = -1;
        var hasFirst = false;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    first = Once(ref hasFirst, reader.ReadBytes());
                    break;
                case (2 << 3) | Len:
                    itemsAt = itemsAt < 0 ? reader.TagStart : itemsAt;
                    reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    schemaUrl = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        writeFirst(writer, first, state);
        if (itemsAt >= 0)
        {
            writer.WritePropertyName(itemsName);
            writer.WriteStartArray();
            var items = new WireReader(container[itemsAt..]);
            while (items.TryReadNext(Tag(2, Len), out var item))
            {
                writeItem(writer, item, ref progress);
            }

            writer.WriteEndArray();
        }

        WriteString(writer, JsonNames.SchemaUrl, schemaUrl);
        writer.WriteEndObject();
    }

    /// <summary>A singular message field; a second occurrence would have to be merged, which the general path does.</summary>
    private static ReadOnlySpan<byte> Once(scoped ref bool seen, ReadOnlySpan<byte> value)
    {
        if (seen)
        {
            throw new WireFormatException();
        }

        seen = true;
        return value;
    }
}
