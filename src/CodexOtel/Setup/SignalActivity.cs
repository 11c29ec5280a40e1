using System.Globalization;
using System.Text;
using System.Text.Json;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Setup;

/// <summary>
/// When a signal last arrived: the newest durable ledger line, when it was written (the mtime of its segment's chain,
/// which gains an entry as each line becomes durable) and the newest record in it (its observed, end or data point
/// time as the client stamped it), and the Codex conversation of the newest records that name one.
/// </summary>
internal sealed record SignalActivity(Signal Signal, DateTimeOffset? Written, DateTimeOffset? NewestRecord, string? Conversation)
{
    /// <summary>How many of the newest lines are searched for the conversation the latest records belong to.</summary>
    private const int ConversationSearchLines = 32;

    public bool Never => Written is null;

    public static IReadOnlyList<SignalActivity> Read(string dataDir) => [.. SignalNames.All.Select(s => Read(dataDir, s))];

    public static SignalActivity Read(string dataDir, Signal signal)
    {
        var tailer = new LedgerTailer(dataDir, signal);
        IReadOnlyList<LedgerLine> lines;
        try
        {
            lines = tailer.Last(ConversationSearchLines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SignalActivity(signal, null, null, null); // an unreadable ledger says nothing about arrival
        }

        if (lines.Count == 0)
        {
            return new SignalActivity(signal, null, null, null);
        }

        DateTimeOffset? newest = null;
        string? conversation = null;
        var timed = false;
        for (var i = lines.Count - 1; i >= 0 && conversation is null; i--)
        {
            try
            {
                var (time, id) = NewestIn(Encoding.UTF8.GetString(lines[i].Bytes));
                (newest, timed) = timed ? (newest, true) : (time, true);

                // The very last records (e.g. Codex's "flushing metrics" log) may belong to no conversation.
                conversation = id;
            }
            catch (JsonException)
            {
                // Not an export request; the lines before it still say when records arrived.
            }
        }

        return new SignalActivity(signal, tailer.LastWritten(lines[^1].After), newest, conversation);
    }

    /// <summary>
    /// The newest record's time in an OTLP-JSON export request, and the conversation.id of the newest record that
    /// has one.
    /// </summary>
    internal static (DateTimeOffset? Time, string? Conversation) NewestIn(string line)
    {
        using var document = JsonDocument.Parse(line);
        var newest = new Newest();
        Visit(document.RootElement, newest);
        return (newest.Time > 0 ? DateTimeOffset.UnixEpoch.AddTicks(newest.Time / 100) : null, newest.Conversation);
    }

    private sealed class Newest
    {
        public long Time { get; set; }

        public long ConversationTime { get; set; } = -1;

        public string? Conversation { get; set; }
    }

    private static void Visit(JsonElement element, Newest newest)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Visit(item, newest);
                }

                break;
            case JsonValueKind.Object:
                // A record: a log record (observed time), a span (end time) or a data point (time).
                var time = Math.Max(Nanos(element, "observedTimeUnixNano"), Math.Max(Nanos(element, "timeUnixNano"), Nanos(element, "endTimeUnixNano")));
                if (time > 0 && !element.TryGetProperty("resource", out _))
                {
                    newest.Time = Math.Max(newest.Time, time);
                    if (time >= newest.ConversationTime && ConversationId(element) is { } id)
                    {
                        newest.ConversationTime = time;
                        newest.Conversation = id;
                    }

                    break;
                }

                foreach (var property in element.EnumerateObject())
                {
                    Visit(property.Value, newest);
                }

                break;
        }
    }

    private static long Nanos(JsonElement record, string name)
    {
        if (!record.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            _ => 0,
        };
    }

    private static string? ConversationId(JsonElement record)
    {
        if (!record.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var attribute in attributes.EnumerateArray())
        {
            if (attribute.TryGetProperty("key", out var key) && key.ValueEquals("conversation.id") &&
                attribute.TryGetProperty("value", out var value) && value.TryGetProperty("stringValue", out var text))
            {
                return text.GetString();
            }
        }

        return null;
    }
}
