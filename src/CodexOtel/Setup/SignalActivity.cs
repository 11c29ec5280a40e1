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
        var segments = LedgerSegment.List(dataDir, signal);
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            try
            {
                using var lines = NewestLines(segment).Take(ConversationSearchLines).GetEnumerator();
                if (!lines.MoveNext())
                {
                    continue;
                }

                var written = new DateTimeOffset(File.GetLastWriteTimeUtc(segment.ChainPath), TimeSpan.Zero);
                var (newest, conversation) = NewestIn(lines.Current);

                // The very last records (e.g. Codex's "flushing metrics" log) may belong to no conversation.
                while (conversation is null && lines.MoveNext())
                {
                    conversation = NewestIn(lines.Current).Conversation;
                }

                return new SignalActivity(signal, written, newest, conversation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // An unreadable segment says nothing about arrival; look at the one before.
            }
        }

        return new SignalActivity(signal, null, null, null);
    }

    /// <summary>
    /// The chained lines, newest first: of the active segment read straight from its chain entries (each holds its
    /// line's end offset), of a compressed one by reading it through.
    /// </summary>
    private static IEnumerable<string> NewestLines(LedgerSegment segment)
    {
        if (segment.IsCompressed || !File.Exists(segment.ChainPath))
        {
            foreach (var line in LedgerReader.ReadLines(segment).Reverse())
            {
                yield return line;
            }

            yield break;
        }

        using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        using var data = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        var hash = new byte[HashChain.HashBytes];
        for (var index = ChainFile.EntryCount(chain.Length) - 1; index >= 0; index--)
        {
            var start = 0L;
            if (!ChainFile.TryRead(chain, index, out var end, hash) || (index > 0 && !ChainFile.TryRead(chain, index - 1, out start, hash)))
            {
                yield break;
            }

            if (end == start)
            {
                continue; // a recovery entry: no line
            }

            var bytes = new byte[end - start];
            RandomAccess.Read(data.SafeFileHandle, bytes, start);
            yield return Encoding.UTF8.GetString(bytes).TrimEnd('\n');
        }
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
