using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodexOtel.Ledger;

namespace CodexOtel.Receivers.Keys;

/// <summary>
/// <c>keys.jsonl</c> in the data folder (0600): the named keys, one JSON line each. Keys are random (32 bytes,
/// base64url), so their SHA-256 is a safe stored form; a presented key is hashed and compared with each stored hash in
/// constant time. <c>codex-otel keys</c> edits it (replacing the file atomically); serve reads it again when it changes.
/// </summary>
public static class KeyFile
{
    public const string FileName = "keys.jsonl";

    private const string KeyPrefix = "cxo_";

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    /// <summary>The keys in the file; none when there is no file.</summary>
    /// <exception cref="InvalidDataException">a line that is not a key record</exception>
    public static IReadOnlyList<ApiKeyRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var keys = new List<ApiKeyRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                keys.Add(JsonSerializer.Deserialize(line, KeysJsonContext.Default.ApiKeyRecord) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number} is not a key record: {e.Message}", e);
            }
        }

        return keys;
    }

    /// <summary>Replaces the file with <paramref name="keys"/> (write a private temporary file, then rename it into place).</summary>
    public static void Write(string path, IEnumerable<ApiKeyRecord> keys)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write)))
        using (var writer = new StreamWriter(file, new UTF8Encoding(false)))
        {
            foreach (var key in keys)
            {
                writer.Write(JsonSerializer.Serialize(key, KeysJsonContext.Default.ApiKeyRecord));
                writer.Write('\n');
            }

            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A new random key, e.g. <c>cxo_3q2…</c>: 256 bits, URL- and header-safe.</summary>
    public static string NewKey() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
