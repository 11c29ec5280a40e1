using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Tests.Importing;

/// <summary>
/// Files as the seed's collector leaves them in /tmp/otel-data (otel-logs.jsonl: one compact OTLP-JSON export request
/// a line, records of several Codex runs mixed in a line) and the real Codex fixtures: a tool turn's recorded log
/// lines and the rollout file of the same conversation.
/// </summary>
internal static class ImportTestData
{
    public const string FixtureConversation = "01a20a10-c98b-7892-a4e1-d6ffec44ba09";

    public static string FixtureLedger => RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl");

    public static string FixtureRollout => RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "rollout-tool-turn.jsonl");

    /// <summary>The conversation ids <see cref="Conversation"/> uses: 01a3000…-000N.</summary>
    public static string Id(int n) => $"01a30000-0000-7000-8000-{n:D12}";

    /// <summary>One Codex conversation's records: start, prompt, request, response, tool decision and result.</summary>
    public static LogRecord[] Conversation(int n, double startMs = 0)
    {
        List<LogRecord> records =
        [
            CodexRecords.Event("codex.conversation_starts", startMs, ("provider_name", "OpenAI"), ("approval_policy", "never"), ("sandbox_policy", "read-only")),
            CodexRecords.Event("codex.user_prompt", startMs + 100, ("prompt", $"task {n}: list the files"), ("prompt_length", "20")),
            CodexRecords.Event("codex.api_request", startMs + 150, ("duration_ms", "40"), ("http.response.status_code", 200), ("attempt", 1)),
            .. CodexRecords.ResponseCompleted(startMs + 200, input: 1000 + n, cached: 100, output: 20, reasoning: 5),
            CodexRecords.Event("codex.tool_decision", startMs + 210, ("tool_name", "exec_command"), ("call_id", $"call_{n}"), ("decision", "approved"), ("source", "Config")),
            CodexRecords.Event("codex.tool_result", startMs + 250, ("tool_name", "exec_command"), ("call_id", $"call_{n}"), ("arguments", "{\"cmd\":\"ls\"}"), ("output", $"file-{n}.txt\n"), ("success", "true"), ("duration_ms", "12")),
        ];
        foreach (var record in records)
        {
            Replace(record, "conversation.id", Id(n));
        }

        return [.. records];
    }

    /// <summary>
    /// A collector logs file: conversations 1..<paramref name="count"/>, their records interleaved as concurrent Codex
    /// runs' batches are, <paramref name="perLine"/> records a line, plus a DEBUG record without a conversation.
    /// </summary>
    public static List<string> SeedLines(int count, int perLine = 5)
    {
        var all = Enumerable.Range(1, count)
            .SelectMany(n => Conversation(n, startMs: n * 1000).Select((r, i) => (Order: (i * 100) + n, Record: r)))
            .OrderBy(x => x.Order)
            .Select(x => x.Record)
            .Prepend(CodexRecords.FlushingMetrics())
            .ToList();
        return [.. all.Chunk(perLine).Select(chunk => Line(CodexRecords.Request(chunk)))];
    }

    public static string Line(ExportLogsServiceRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            OtlpJsonEncoder.Write(json, request);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string WriteLines(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }

    public static string WriteGzip(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        return path;
    }

    public static string WriteZstd(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var zstd = new ZstdSharp.CompressionStream(file);
        zstd.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        return path;
    }

    /// <summary>The fixture rollout where Codex keeps it: sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;id&gt;.jsonl.</summary>
    public static string PlaceRollout(string codexHome, string source, string folder = "sessions")
    {
        var dir = Path.Combine(codexHome, folder, "2026", "11", "23");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"rollout-2026-11-23T20-20-02-{FixtureConversation}.jsonl");
        File.Copy(source, path, overwrite: true);
        return path;
    }

    private static void Replace(LogRecord record, string key, string value)
    {
        foreach (var attribute in record.Attributes)
        {
            if (attribute.Key == key)
            {
                attribute.Value = CodexRecords.Value(value);
            }
        }
    }
}
