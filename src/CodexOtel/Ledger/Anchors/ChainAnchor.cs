using System.Globalization;
using System.Text.Json;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Anchors;

/// <summary>
/// The chain heads of a ledger at one moment, kept outside it (<c>codex-otel anchor</c>): one JSON line,
/// <c>{"time", "data", "heads": {"logs": {"entries", "hash"}, …}}</c>. Whoever can rewrite the data folder can
/// rewrite data and chain together so that they agree again; they cannot change an anchor kept elsewhere, and
/// <c>verify --anchors</c> then finds the anchored entries changed.
/// </summary>
public sealed record ChainAnchor(DateTimeOffset Time, string DataDir, IReadOnlyList<ChainHead> Heads)
{
    public byte[] ToJsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("data", DataDir);
            json.WriteStartObject("heads");
            foreach (var head in Heads)
            {
                json.WriteStartObject(head.Signal.FileStem());
                json.WriteNumber("entries", head.Entries);
                json.WriteString("hash", head.Hash);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>An anchor line as written; null when the line is not one.</summary>
    public static ChainAnchor? TryParse(string line)
    {
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            var heads = new List<ChainHead>();
            foreach (var head in root.GetProperty("heads").EnumerateObject())
            {
                var signal = SignalNames.All.Single(s => s.FileStem() == head.Name);
                var hash = head.Value.GetProperty("hash").GetString()!;
                var entries = head.Value.GetProperty("entries").GetInt64();
                if (hash.Length != HashChain.HashBytes * 2 || !hash.All(char.IsAsciiHexDigit) || entries < 0)
                {
                    return null;
                }

                heads.Add(new ChainHead(signal, entries, hash.ToLowerInvariant()));
            }

            return new ChainAnchor(
                DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
                root.TryGetProperty("data", out var data) ? data.GetString() ?? "" : "",
                heads);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
