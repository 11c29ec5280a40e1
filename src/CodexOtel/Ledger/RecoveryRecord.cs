using System.Globalization;
using System.Text.Json;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// What one recovery of an active segment did: which bytes it moved out of the data and chain files, into which
/// quarantine files, and why. Each is one JSON line in <c>otel-{signal}.recoveries</c>, and is chained: the recovery
/// entry it adds to the segment's chain holds SHA-256(previous hash ‖ this line), so removing or editing a record
/// breaks the chain like removing or editing a ledger line does.
/// </summary>
public sealed record RecoveryRecord(
    DateTimeOffset Time,
    string Segment,
    string Kind,
    long? AcknowledgedEntries,
    long KeptEntries,
    QuarantinedBytes Data,
    QuarantinedBytes Chain)
{
    /// <summary>Everything moved was written after the last acknowledgement: a write a crash interrupted.</summary>
    public const string CrashTail = "crash-tail";

    /// <summary>The files hold fewer chained lines than the recorder acknowledged: lines or chain entries were removed.</summary>
    public const string AcknowledgedLinesMissing = "acknowledged-lines-missing";

    /// <summary>The last acknowledged chain entry is not the one the recorder acknowledged: the chain was rewritten.</summary>
    public const string AcknowledgedEntryChanged = "acknowledged-entry-changed";

    /// <summary>No record of what was acknowledged (written by an older version, or removed): nothing proves the cut bytes unacknowledged.</summary>
    public const string Unproven = "unproven";

    /// <summary>Whether this recovery hides something other than a crash: <c>verify</c> fails on it.</summary>
    public bool IsEvidence => Kind != CrashTail;

    public static string PathOf(string folder, Signal signal) => Path.Combine(folder, $"otel-{signal.FileStem()}.recoveries");

    /// <summary>One line a person can read: what happened and where the bytes are.</summary>
    public string Describe()
    {
        var why = Kind switch
        {
            CrashTail => "a write interrupted by a crash, never acknowledged",
            AcknowledgedLinesMissing => $"the chain held {KeptEntries} entries with their lines where the recorder had acknowledged {AcknowledgedEntries}: lines or chain entries were removed",
            AcknowledgedEntryChanged => $"chain entry {AcknowledgedEntries} is not the one the recorder acknowledged: the chain was rewritten",
            _ => "nothing proves they were never acknowledged (no acknowledgement mark)",
        };
        var moved = new[] { Data.Describe("of lines"), Chain.Describe("of chain entries") }.OfType<string>().ToList();
        var what = moved.Count == 0 ? "nothing moved" : string.Join(" and ", moved);
        return $"{Kind} recovery at {Time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} ({why}); {what}";
    }

    public byte[] ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("segment", Segment);
            json.WriteString("kind", Kind);
            if (AcknowledgedEntries is { } acknowledged)
            {
                json.WriteNumber("acknowledged_entries", acknowledged);
            }

            json.WriteNumber("kept_entries", KeptEntries);
            Data.Write(json, "data");
            Chain.Write(json, "chain");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The records of a signal, each with the exact bytes of its line (what its chain entry hashes).</summary>
    public static List<(byte[] Line, RecoveryRecord Record)> ReadAll(string folder, Signal signal) =>
        ChainedRecordFile.ReadAll(PathOf(folder, signal), TryParse);

    /// <summary>Appends the record's line and syncs it: it must be durable before the chain entry that names it.</summary>
    public static void Append(string folder, Signal signal, byte[] line) => ChainedRecordFile.Append(PathOf(folder, signal), line);

    private static RecoveryRecord? TryParse(byte[] line)
    {
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            return new RecoveryRecord(
                DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("segment").GetString()!,
                root.GetProperty("kind").GetString()!,
                root.TryGetProperty("acknowledged_entries", out var acknowledged) ? acknowledged.GetInt64() : null,
                root.GetProperty("kept_entries").GetInt64(),
                QuarantinedBytes.Read(root, "data"),
                QuarantinedBytes.Read(root, "chain"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // not a record: its chain entry finds no match, and verify says so
        }
    }
}

/// <summary>Bytes a recovery moved out of a file: how many, their SHA-256, and the quarantine file holding them.</summary>
public sealed record QuarantinedBytes(long Bytes, string? Sha256, string? File)
{
    public static readonly QuarantinedBytes None = new(0, null, null);

    public string? Describe(string what) =>
        Bytes == 0 ? null : $"{Bytes:N0} bytes {what} moved to {File} (sha256 {Sha256?[..16]}…)";

    internal void Write(Utf8JsonWriter json, string name)
    {
        json.WriteNumber($"{name}_bytes", Bytes);
        if (File is not null)
        {
            json.WriteString($"{name}_file", File);
            json.WriteString($"{name}_sha256", Sha256);
        }
    }

    internal static QuarantinedBytes Read(JsonElement root, string name) => new(
        root.GetProperty($"{name}_bytes").GetInt64(),
        root.TryGetProperty($"{name}_sha256", out var sha) ? sha.GetString() : null,
        root.TryGetProperty($"{name}_file", out var file) ? file.GetString() : null);
}
