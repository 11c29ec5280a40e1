using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Processors.Redaction;
using CodexOtel.Tests.Codex;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>
/// The built-in rules measured on redaction-corpus.txt, real-looking tool output: every secret found (recall 1) and
/// nothing else touched (precision 1) — git logs, env dumps, base64, hashes, UUIDs, digests and code that names a
/// password without holding one come out as they went in.
/// </summary>
public sealed class RedactionCorpusTests
{
    private static readonly RedactionCorpus Corpus = RedactionCorpus.Load();

    [Fact]
    public void Every_secret_in_the_corpus_is_redacted_with_its_rule_and_no_other_text_is_touched()
    {
        var redactor = new Redactor([]);
        var expected = Corpus.Secrets.Count();
        int found = 0, wrong = 0;
        var mismatches = new List<string>();
        foreach (var block in Corpus.Blocks)
        {
            var tally = new RedactionTally(redactor.Rules);
            var redacted = redactor.Redact(block.Text, tally);
            var marker = tally.TakeMarker();
            var made = Markers(marker);
            var wanted = block.Secrets.GroupBy(s => s.Rule).ToDictionary(g => g.Key, g => g.Count());
            found += wanted.Sum(w => Math.Min(w.Value, made.GetValueOrDefault(w.Key)));
            wrong += made.Sum(m => Math.Max(0, m.Value - wanted.GetValueOrDefault(m.Key)));
            if (redacted != block.Expected)
            {
                mismatches.Add(Difference(block.Expected, redacted));
            }
        }

        Assert.True(expected >= 25, $"the corpus holds {expected} secrets");
        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
        Assert.Equal(1.0, (double)found / expected); // recall
        Assert.Equal(1.0, (double)found / (found + wrong)); // precision
    }

    [Fact]
    public void No_request_holding_a_secret_of_the_corpus_passes_by_its_bytes_as_protobuf_or_as_otlp_json()
    {
        var processor = new RedactionProcessor(new Redactor([]));
        foreach (var (rule, secret) in Corpus.Secrets)
        {
            foreach (var block in Corpus.Blocks.Where(b => b.Secrets.Contains((rule, secret))))
            {
                var request = CodexRecords.Request(CodexRecords.Event("codex.tool_result", 0, ("output", block.Text)));
                Assert.False(processor.Passes(request.ToByteArray(), json: false), $"{rule} in protobuf");
                Assert.False(processor.Passes(Encoding.UTF8.GetBytes(OtlpJson.Encode(Signal.Logs, request)), json: true), $"{rule} in OTLP-JSON");
            }

            // Alone, as a whole attribute value: nothing around it to help.
            var alone = CodexRecords.Request(CodexRecords.Event("codex.tool_result", 0, ("output", rule == "secret_assignment" ? $"PASSWORD={secret}" : rule == "url_credentials" ? $"https://u:{secret}@h" : rule == "bearer_token" ? $"Bearer {secret}" : rule == "aws_secret_access_key" ? $"aws_secret_access_key={secret}" : secret)));
            Assert.False(processor.Passes(alone.ToByteArray(), json: false), $"{rule} alone");
        }
    }

    [Theory]
    [InlineData("openai_api_key")]
    [InlineData("url_credentials")]
    [InlineData("secret_assignment")]
    public void A_secret_is_found_in_a_large_request_wherever_it_falls_against_the_scan_s_windows(string rule)
    {
        var processor = new RedactionProcessor(new Redactor([]));
        var secret = new FakeSecrets(3).For(rule);
        var text = rule switch
        {
            "url_credentials" => $"https://ü-user:{secret}@h",
            "secret_assignment" => $"PASSWORD={secret}",
            _ => secret,
        };

        byte[] Request(int at) => CodexRecords.Request(CodexRecords.Event("codex.tool_result", 0, ("output", new string('.', at) + text + new string('.', 70_000)))).ToByteArray();
        var before = Request(0).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));

        // The scan widens 64 KiB at a time; put the secret across each boundary of the first two windows.
        foreach (var boundary in new[] { 65536, 2 * 65536 - 4096 })
        {
            for (var at = boundary - before - Encoding.UTF8.GetByteCount(text) - 40; at < boundary - before + 8; at++)
            {
                Assert.False(processor.Passes(Request(at), json: false), $"{rule} at byte {before + at}");
            }
        }
    }

    [Fact]
    public void Codex_records_without_secrets_pass_by_their_bytes_so_they_keep_the_protobuf_fast_path()
    {
        var processor = new RedactionProcessor(new Redactor([]));
        var request = CodexRecords.Request(
            CodexRecords.Event("codex.user_prompt", 0, ("prompt", "fix the token refresh bug in src/auth/token_store.rs; the password policy too"), ("prompt_length", 71L)),
            CodexRecords.Event("codex.sse_event", 10, ("event.kind", "response.completed"), ("input_token_count", 1200L), ("output_token_count", 20L), ("cached_token_count", 100L), ("reasoning_token_count", 5L), ("tool_token_count", 0L)),
            CodexRecords.Event("codex.tool_result", 20, ("tool_name", "shell"), ("output", Corpus.Blocks[1].Expected.Split('\n')[0] + "\ncommit 3f1c2e9a7b4d8e6f0a1b2c3d4e5f60718293a4b5\nhttps://github.com/openai/codex/pull/4821")));

        Assert.True(processor.Passes(request.ToByteArray(), json: false));
        Assert.True(processor.Passes(Encoding.UTF8.GetBytes(OtlpJson.Encode(Signal.Logs, request)), json: true));
    }

    private static Dictionary<string, int> Markers(string marker) =>
        marker.Length == 0 ? [] : marker.Split(',').Select(p => p.Split(':')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

    private static string Difference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = Enumerable.Range(0, Math.Max(e.Length, a.Length))
            .Where(i => i >= e.Length || i >= a.Length || e[i] != a[i])
            .Select(i => $"- {(i < e.Length ? e[i] : "")}\n+ {(i < a.Length ? a[i] : "")}");
        return string.Join('\n', lines);
    }
}

/// <summary>A request as compact OTLP-JSON, as the ledger and collector files hold it.</summary>
internal static class OtlpJson
{
    public static string Encode(Signal signal, IMessage request)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            CodexOtel.Otlp.Json.OtlpJsonEncoder.Write(json, signal, request);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static AnyValue Text(string value) => new() { StringValue = value };
}
