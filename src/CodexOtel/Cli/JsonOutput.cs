using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CodexOtel.Cli;

/// <summary>The --json forms of command results: one indented JSON document on stdout, then a newline.</summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }

        stdout.Write("\n"u8);
    }

    /// <summary>A query's view records, serialised straight to stdout with their source-generated contract.</summary>
    public static void Write<T>(T value, JsonTypeInfo<T> type) => Write(json => JsonSerializer.Serialize(json, value, type));
}
