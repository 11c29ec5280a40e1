using System.Globalization;
using System.Text.Json;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// One rotated segment that retention removed: its name, how many chain entries and lines it held, the hash of its
/// last entry (what the next segment chains from) and when. Each is one JSON line in <c>otel-{signal}.prunes</c>
/// and is chained like a recovery record: a prune entry (no line: its end offset is the entry's before it) holds
/// SHA-256(previous hash ‖ this line), so a prune cannot be invented, edited or removed unseen.
/// </summary>
public sealed record PruneRecord(DateTimeOffset Time, string Segment, long Entries, long Lines, string LastHash)
{
    public static string PathOf(string folder, Signal signal) => Path.Combine(folder, $"otel-{signal.FileStem()}.prunes");

    public string Describe() =>
        $"{Segment} pruned at {Time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} ({Lines:N0} lines, {Entries:N0} chain entries, last hash {LastHash[..16]}…)";

    public byte[] ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("segment", Segment);
            json.WriteNumber("entries", Entries);
            json.WriteNumber("lines", Lines);
            json.WriteString("last_hash", LastHash);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The records of a signal, oldest first, each with the exact bytes of its line (what its prune entry hashes).</summary>
    public static List<(byte[] Line, PruneRecord Record)> ReadAll(string folder, Signal signal) =>
        ChainedRecordFile.ReadAll(PathOf(folder, signal), TryParse);

    /// <summary>Appends the record's line and syncs it: it must be durable before the chain entry that names it.</summary>
    public static void Append(string folder, Signal signal, byte[] line) => ChainedRecordFile.Append(PathOf(folder, signal), line);

    private static PruneRecord? TryParse(byte[] line)
    {
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            var lastHash = root.GetProperty("last_hash").GetString()!;
            return lastHash.Length == HashChain.HashBytes * 2 && lastHash.All(Uri.IsHexDigit)
                ? new PruneRecord(
                    DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
                    root.GetProperty("segment").GetString()!,
                    root.GetProperty("entries").GetInt64(),
                    root.GetProperty("lines").GetInt64(),
                    lastHash.ToLowerInvariant())
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // not a record: its chain entry finds no match, and verify says so
        }
    }
}
