using System.Text;
using System.Text.Json;
using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Query;

/// <summary>
/// One conversation's evidence as recorded (<c>export --format jsonl</c>): the logs ledger's lines that hold its
/// records, in ledger order, as recorded when every record of the line belongs to it, else re-encoded (as the ledger
/// encodes) with only its records.
/// </summary>
public static class ConversationLedgerLines
{
    /// <summary>Writes the lines to <paramref name="output"/>, each ending in a newline; returns how many.</summary>
    public static int Write(string dataDir, string conversationId, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var needle = Encoding.UTF8.GetBytes($"\"{conversationId}\"");
        var tailer = new LedgerTailer(dataDir, Signal.Logs);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true });
        var written = 0;
        LedgerCheckpoint? at = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = tailer.ReadNext(at);
            if (batch.Count == 0)
            {
                break;
            }

            at = batch[^1].After;
            foreach (var line in batch)
            {
                // Most lines name other conversations only: skip them without decoding.
                if (line.Bytes.AsSpan().IndexOf(needle) < 0)
                {
                    continue;
                }

                var request = OtlpJsonDecoder.DecodeLogs(line.Bytes);
                var (kept, others) = Filter(request, conversationId);
                if (kept == 0)
                {
                    continue;
                }

                if (others == 0)
                {
                    output.Write(line.Bytes);
                }
                else
                {
                    json.Reset(output);
                    OtlpJsonEncoder.Write(json, request);
                    json.Flush();
                }

                output.WriteByte((byte)'\n');
                written++;
            }
        }

        output.Flush();
        return written;
    }

    /// <summary>Whether a logs ledger line holds a record of one of these conversations (evidence takes such lines whole).</summary>
    public static bool Holds(byte[] line, IReadOnlyCollection<string> conversationIds)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(conversationIds);

        // Most lines name other conversations only: skip them without decoding.
        if (!conversationIds.Any(id => line.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"{id}\"")) >= 0))
        {
            return false;
        }

        return OtlpJsonDecoder.DecodeLogs(line).ResourceLogs
            .SelectMany(r => r.ScopeLogs)
            .SelectMany(s => s.LogRecords)
            .Any(record => ConversationOf(record) is { } id && conversationIds.Contains(id));
    }

    /// <summary>
    /// Keeps only the conversation's records (and what holds them); returns how many it has and how many records of
    /// other conversations the line held. A line with none of those is exported as recorded, records without a
    /// conversation (Codex's "flushing OTEL metrics") included.
    /// </summary>
    private static (int Kept, int Others) Filter(ExportLogsServiceRequest request, string conversationId)
    {
        int kept = 0, others = 0;
        for (var r = request.ResourceLogs.Count - 1; r >= 0; r--)
        {
            var scopes = request.ResourceLogs[r].ScopeLogs;
            for (var s = scopes.Count - 1; s >= 0; s--)
            {
                var records = scopes[s].LogRecords;
                for (var i = records.Count - 1; i >= 0; i--)
                {
                    var conversation = ConversationOf(records[i]);
                    if (conversation == conversationId)
                    {
                        kept++;
                        continue;
                    }

                    others += conversation is null ? 0 : 1;
                    records.RemoveAt(i);
                }

                if (records.Count == 0)
                {
                    scopes.RemoveAt(s);
                }
            }

            if (scopes.Count == 0)
            {
                request.ResourceLogs.RemoveAt(r);
            }
        }

        return (kept, others);
    }

    private static string? ConversationOf(LogRecord record)
    {
        foreach (var attribute in record.Attributes)
        {
            if (attribute.Key == CodexNames.Keys.ConversationId)
            {
                return attribute.Value?.StringValue;
            }
        }

        return null;
    }
}
