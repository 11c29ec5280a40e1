using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CodexOtel.Ledger.Evidence;

/// <summary>A member of an evidence archive as its manifest lists it.</summary>
public sealed record EvidenceFile(string Name, long Bytes, string Sha256)
{
    public static EvidenceFile Of(string name, byte[] content) => new(name, content.Length, Sha256Hex(content));

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>
/// <c>manifest.json</c> of an evidence archive: what it holds (every other member with its size and SHA-256), what was
/// selected, which chain positions its entries span and the ledger's chain head when it was made. The manifest's own
/// SHA-256 is the member <c>manifest.json.sha256</c> (<c>sha256sum</c>'s format), so no byte of it can change unseen.
/// </summary>
public sealed record EvidenceManifest(
    DateTimeOffset Created,
    string Selection,
    string Signal,
    long Lines,
    long FromEntry,
    long ThroughEntry,
    string ThroughHash,
    long LedgerEntries,
    string LedgerHash,
    IReadOnlyList<EvidenceFile> Files)
{
    public const string Format = "codex-otel-evidence/1";
    public const string FileName = "manifest.json";
    public const string SumFileName = "manifest.json.sha256";

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("created", Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("selection", Selection);
            json.WriteString("signal", Signal);
            json.WriteNumber("lines", Lines);
            json.WriteStartObject("chain");
            json.WriteNumber("from_entry", FromEntry);
            json.WriteNumber("through_entry", ThroughEntry);
            json.WriteString("through_hash", ThroughHash);
            json.WriteEndObject();
            json.WriteStartObject("ledger_head");
            json.WriteNumber("entries", LedgerEntries);
            json.WriteString("hash", LedgerHash);
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteNumber("bytes", file.Bytes);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The line <c>sha256sum manifest.json</c> prints for these bytes.</summary>
    public static byte[] SumLine(byte[] manifest) => Encoding.ASCII.GetBytes($"{EvidenceFile.Sha256Hex(manifest)}  {FileName}\n");

    /// <summary>The manifest in these bytes; null when they are not one.</summary>
    public static EvidenceManifest? TryParse(byte[] bytes)
    {
        try
        {
            var root = JsonDocument.Parse(bytes).RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                return null;
            }

            var chain = root.GetProperty("chain");
            var head = root.GetProperty("ledger_head");
            return new EvidenceManifest(
                DateTimeOffset.Parse(root.GetProperty("created").GetString()!, CultureInfo.InvariantCulture),
                root.GetProperty("selection").GetString()!,
                root.GetProperty("signal").GetString()!,
                root.GetProperty("lines").GetInt64(),
                chain.GetProperty("from_entry").GetInt64(),
                chain.GetProperty("through_entry").GetInt64(),
                chain.GetProperty("through_hash").GetString()!,
                head.GetProperty("entries").GetInt64(),
                head.GetProperty("hash").GetString()!,
                root.GetProperty("files").EnumerateArray()
                    .Select(f => new EvidenceFile(f.GetProperty("name").GetString()!, f.GetProperty("bytes").GetInt64(), f.GetProperty("sha256").GetString()!))
                    .ToList());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
