using System.Buffers;
using System.Text.Json;
using CodexOtel.Codex;

namespace CodexOtel.Store.Sqlite;

/// <summary>A summary's tokens per model as JSON: <c>{"gpt-5":[input,cached,output,reasoning]}</c>.</summary>
public static class TokensByModelJson
{
    public static string Write(IReadOnlyDictionary<string, TokenUsage> tokens)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (model, usage) in tokens)
            {
                json.WriteStartArray(model);
                json.WriteNumberValue(usage.Input);
                json.WriteNumberValue(usage.CachedInput);
                json.WriteNumberValue(usage.Output);
                json.WriteNumberValue(usage.Reasoning);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, TokenUsage> Read(ReadOnlySpan<byte> utf8)
    {
        var result = new Dictionary<string, TokenUsage>();
        var reader = new Utf8JsonReader(utf8);
        Span<long> n = stackalloc long[4];
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var model = reader.GetString()!;
            n.Clear();
            reader.Read();
            for (var i = 0; reader.Read() && reader.TokenType == JsonTokenType.Number; i++)
            {
                if (i < n.Length)
                {
                    n[i] = reader.GetInt64();
                }
            }

            result[model] = new TokenUsage(n[0], n[1], n[2], n[3]);
        }

        return result;
    }
}
