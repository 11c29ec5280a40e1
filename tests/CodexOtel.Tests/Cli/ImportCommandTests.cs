using System.Text.Json;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;
using CodexOtel.Tests.Indexing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Cli;

/// <summary>
/// <c>codex-otel import</c> as a user runs it: the seed's collector files and Codex rollouts go into the ledger (through
/// serve when it runs), show up in <c>list</c>, and importing them again changes nothing.
/// </summary>
public sealed class ImportCommandTests
{
    [Fact]
    public async Task Seed_format_files_plain_rotated_and_compressed_are_imported_into_the_ledger_and_listed()
    {
        using var dir = new TempDirectory("import");
        var otel = dir.Sub("otel-data");
        var lines = ImportTestData.SeedLines(6);
        ImportTestData.WriteLines(Path.Combine(otel, "otel-logs.jsonl"), lines[..4]);
        ImportTestData.WriteZstd(Path.Combine(otel, "otel-logs-2026-11-23T18-00-00.000.jsonl"), lines[4..8]);
        ImportTestData.WriteGzip(Path.Combine(otel, "otel-logs-2026-11-23T17-00-00.000.jsonl.gz"), lines[8..]);
        ImportTestData.WriteLines(Path.Combine(otel, "otel-traces.jsonl"), [TraceLine()]);
        var data = Path.Combine(dir.Path, "data");

        var import = await CliRunner.RunAsync("import", otel, "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        var summary = JsonNode.Parse(import.Stdout)!;
        Assert.Equal(4, (int)summary["files"]!["collector"]!);
        Assert.Equal(lines.Count + 1, (int)summary["lines"]!);
        Assert.Equal((6 * 7) + 1 + 1, (long)summary["records"]!);
        Assert.Equal(Enumerable.Range(1, 6).Select(ImportTestData.Id), summary["new_conversations"]!.AsArray().Select(n => (string)n!));
        Assert.True((bool)summary["indexed"]!);
        Assert.Equal("the ledger", (string?)summary["via"]);

        var list = JsonNode.Parse((await CliRunner.RunAsync("list", "--data", data, "--json")).Stdout)!.AsArray();
        Assert.Equal(6, list.Count);
        var third = list.Single(c => (string?)c!["id"] == ImportTestData.Id(3))!;
        Assert.Equal(("task 3: list the files", 1, 1, "ledger"), ((string?)third["first_prompt"], (int)third["turns"]!, (int)third["tool_calls"]!, (string?)third["source"]));
        Assert.Equal(1003, (long)third["tokens"]!["input"]!);
        Assert.Single(File.ReadAllLines(Path.Combine(data, "otel-traces.jsonl")));
        var verify = await CliRunner.RunAsync("verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Import_rotates_the_ledger_at_the_config_files_ledger_max_segment_mb()
    {
        using var dir = new TempDirectory("import");
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(1200, perLine: 40));
        Assert.InRange(new FileInfo(otel).Length, 3L << 20, 64L << 20);
        var config = Path.Combine(dir.Path, "config.toml");
        File.WriteAllText(config, "[ledger]\nmax_segment_mb = 1\ncompress = false\n");
        var data = Path.Combine(dir.Path, "data");

        var import = await CliRunner.RunAsync("import", otel, "--data", data, "--config", config, "--no-index");

        Assert.True(import.ExitCode == 0, import.ToString());
        var segments = LedgerSegment.List(data, Signal.Logs);
        // With the default (128 MiB) all of it stays in the active segment.
        Assert.True(segments.Count >= 2, $"{segments.Count} segment(s): {string.Join(", ", segments.Select(s => s.FileName))}");
        Assert.All(segments.Where(s => !s.IsActive), s => Assert.True(new FileInfo(s.DataPath).Length >= 1L << 20, s.FileName));
        var verify = await CliRunner.RunAsync("verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task The_index_an_import_builds_as_it_writes_is_the_one_a_reindex_of_the_ledger_builds()
    {
        using var dir = new TempDirectory("import");
        // Enough lines for several chunks of the import and batches of its indexing.
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(3000, perLine: 40));
        var data = Path.Combine(dir.Path, "data");

        var import = await CliRunner.RunAsync("import", otel, "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True((bool)JsonNode.Parse(import.Stdout)!["indexed"]!);
        string[][] queries = [["list", "--json", "--limit", "5000"], ["show", ImportTestData.Id(1500), "--json"], ["search", "files", "--json", "--limit", "5000"], ["usage", "--json"]];
        var imported = new List<string>();
        foreach (var query in queries)
        {
            imported.Add((await CliRunner.RunAsync([.. query, "--data", data])).Stdout);
        }

        var reindex = await CliRunner.RunAsync("reindex", "--data", data);
        Assert.True(reindex.ExitCode == 0, reindex.ToString());
        var reindexed = new List<string>();
        foreach (var query in queries)
        {
            reindexed.Add((await CliRunner.RunAsync([.. query, "--data", data])).Stdout);
        }

        Assert.Equal(3000, JsonNode.Parse(imported[0])!.AsArray().Count);
        Assert.Equal(reindexed, imported);
    }

    [Fact]
    public async Task A_line_larger_than_an_import_chunk_is_imported_whole_between_ordinary_ones()
    {
        using var dir = new TempDirectory("import");
        // Five tool results of 600 KiB in one line: more than the buffer an import chunk starts with, so the chunk grows
        // around it (and the ledger splits it, each record being under its line limit).
        var id = IndexingTestData.ConversationId(7);
        var output = string.Concat(Enumerable.Repeat("0123456789abcdef", 600 << 6));
        var big = ImportTestData.Line(IndexingTestData.Request([.. Enumerable.Range(1, 5).Select(n => IndexingTestData.Record(
            id, "codex.tool_result", IndexingTestData.T0.AddSeconds(n), ("call_id", $"call_{n}"), ("tool_name", "exec_command"), ("output", $"{output} end-of-output-{n}")))]));
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), [.. ImportTestData.SeedLines(30), big, .. ImportTestData.SeedLines(2)]);
        var data = Path.Combine(dir.Path, "data");

        var import = await CliRunner.RunAsync("import", otel, "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(big.Length > 2 << 20);
        var hit = Assert.Single(JsonNode.Parse((await CliRunner.RunAsync("search", "end-of-output-5", "--data", data, "--json")).Stdout)!.AsArray());
        Assert.Equal(id, (string?)hit!["conversation"]);
        Assert.Equal(31, JsonNode.Parse((await CliRunner.RunAsync("list", "--data", data, "--json", "--limit", "100")).Stdout)!.AsArray().Count);
        var verify = await CliRunner.RunAsync("verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Importing_the_same_files_again_or_a_moved_copy_changes_nothing()
    {
        using var dir = new TempDirectory("import");
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-data", "otel-logs.jsonl"), ImportTestData.SeedLines(3));
        var codexHome = dir.Sub("codex");
        ImportTestData.PlaceRollout(codexHome, ImportTestData.FixtureRollout);
        var data = Path.Combine(dir.Path, "data");
        var first = await CliRunner.RunAsync("import", otel, codexHome, "--data", data);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("4 new conversations", first.Stdout);
        var ledger = await File.ReadAllBytesAsync(Path.Combine(data, "otel-logs.jsonl"));
        var listed = (await CliRunner.RunAsync("list", "--data", data, "--json")).Stdout;

        // Codex moves finished sessions to archived_sessions; the collector's file gets copied around.
        ImportTestData.PlaceRollout(codexHome, ImportTestData.FixtureRollout, "archived_sessions");
        File.Copy(otel, Path.Combine(dir.Path, "otel-logs.jsonl.copy"));
        var again = await CliRunner.RunAsync("import", otel, codexHome, Path.Combine(dir.Path, "otel-logs.jsonl.copy"), "--data", data, "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        var summary = JsonNode.Parse(again.Stdout)!;
        Assert.Equal((0L, 0), ((long)summary["records"]!, summary["new_conversations"]!.AsArray().Count));
        Assert.Equal(2 * ImportTestData.SeedLines(3).Count, (long)summary["skipped"]!["lines"]!);
        Assert.True((long)summary["skipped"]!["rollout_events"]! > 0);
        Assert.Equal(ledger, await File.ReadAllBytesAsync(Path.Combine(data, "otel-logs.jsonl")));
        Assert.Equal(listed, (await CliRunner.RunAsync("list", "--data", data, "--json")).Stdout);
    }

    [Fact]
    public async Task Lines_an_older_manifest_remembers_by_their_sha256_are_not_imported_again()
    {
        using var dir = new TempDirectory("import");
        var lines = ImportTestData.SeedLines(3);
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), lines);
        var data = Path.Combine(dir.Path, "data");
        Assert.Equal(0, (await CliRunner.RunAsync("import", otel, "--data", data)).ExitCode);
        var ledger = await File.ReadAllBytesAsync(Path.Combine(data, "otel-logs.jsonl"));
        // What a manifest made before XXH128 holds: the first 128 bits of each line's SHA-256, in `lines`.
        using (var manifest = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "imports.sqlite")};Pooling=False"))
        {
            manifest.Open();
            using var forget = manifest.CreateCommand();
            forget.CommandText = "DELETE FROM line_hashes";
            forget.ExecuteNonQuery();
            using var remember = manifest.CreateCommand();
            remember.CommandText = "INSERT INTO lines (hash) VALUES ($h)";
            var hash = remember.Parameters.Add("$h", Microsoft.Data.Sqlite.SqliteType.Blob);
            foreach (var line in lines)
            {
                hash.Value = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(line))[..16];
                remember.ExecuteNonQuery();
            }
        }

        var again = await CliRunner.RunAsync("import", otel, "--data", data, "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        var summary = JsonNode.Parse(again.Stdout)!;
        Assert.Equal((0L, (long)lines.Count), ((long)summary["records"]!, (long)summary["skipped"]!["lines"]!));
        Assert.Equal(ledger, await File.ReadAllBytesAsync(Path.Combine(data, "otel-logs.jsonl")));
    }

    [Fact]
    public async Task A_conversation_whose_telemetry_was_recorded_is_not_duplicated_by_its_rollout()
    {
        using var dir = new TempDirectory("import");
        var data = Path.Combine(dir.Path, "data");
        var recorded = await CliRunner.RunAsync("import", ImportTestData.FixtureLedger, "--data", data);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var before = Conversation(await CliRunner.RunAsync("list", "--data", data, "--json"));

        var import = await CliRunner.RunAsync("import", ImportTestData.FixtureRollout, "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        var summary = JsonNode.Parse(import.Stdout)!;
        Assert.Empty(summary["new_conversations"]!.AsArray());
        Assert.True((long)summary["skipped"]!["recorded"]! > 0, import.Stdout);
        var after = Conversation(await CliRunner.RunAsync("list", "--data", data, "--json"));
        Assert.Equal(ImportTestData.FixtureConversation, (string?)after["id"]);
        Assert.Equal("ledger+rollout", (string?)after["source"]);
        foreach (var field in new[] { "turns", "tool_calls", "denials", "errors", "first_prompt", "started", "model" })
        {
            Assert.Equal(before[field]!.ToJsonString(), after[field]!.ToJsonString());
        }

        Assert.Equal(before["tokens"]!.ToJsonString(), after["tokens"]!.ToJsonString());
        var show = await CliRunner.RunAsync("show", "1", "--data", data);
        Assert.Single(show.Stdout.Split('\n'), l => l.Contains(" prompt ", StringComparison.Ordinal));
        Assert.Single(show.Stdout.Split('\n'), l => l.Contains(" tool ", StringComparison.Ordinal));
        Assert.Single(show.Stdout.Split('\n'), l => l.Contains(" answer       it printed hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_and_the_telemetry_of_its_conversation_in_one_import_make_one_conversation()
    {
        using var dir = new TempDirectory("import");
        var data = Path.Combine(dir.Path, "data");

        // The rollout is named first; collector files are imported first all the same.
        var import = await CliRunner.RunAsync("import", ImportTestData.FixtureRollout, ImportTestData.FixtureLedger, "--data", data);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("1 new conversation", import.Stdout);
        var conversation = Conversation(await CliRunner.RunAsync("list", "--data", data, "--json"));
        Assert.Equal(("ledger+rollout", 1, 1), ((string?)conversation["source"], (int)conversation["turns"]!, (int)conversation["tool_calls"]!));
    }

    [Fact]
    public async Task Import_goes_through_serve_when_serve_records_into_the_folder_with_its_api_key()
    {
        using var dir = new TempDirectory("import");
        var data = dir.Sub("data");
        var otel = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-data", "otel-logs.jsonl"), ImportTestData.SeedLines(2));
        await using var server = await ServerProcess.StartAsync(data, "--api-key", "s3cret");

        var refused = await CliRunner.RunAsync("import", otel, "--data", data);
        CliRunner.AssertUserError(refused, "wants an API key");

        var import = await CliRunner.RunAsync(
            new Dictionary<string, string> { ["CODEX_OTEL_API_KEY"] = "s3cret" }, "import", otel, ImportTestData.FixtureRollout, "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        var summary = JsonNode.Parse(import.Stdout)!;
        Assert.StartsWith($"serve (pid {server.Pid} on 127.0.0.1:", (string?)summary["via"]);
        Assert.True((bool)summary["indexed"]!);
        Assert.Equal(3, summary["new_conversations"]!.AsArray().Count);
        Assert.False(server.HasExited);
        var list = JsonNode.Parse((await CliRunner.RunAsync("list", "--data", data, "--json")).Stdout)!.AsArray();
        Assert.Equal(3, list.Count);
        Assert.Equal("rollout", (string?)list.Single(c => (string?)c!["id"] == ImportTestData.FixtureConversation)!["source"]);

        var again = await CliRunner.RunAsync("import", otel, ImportTestData.FixtureRollout, "--data", data, "--api-key", "s3cret", "--json");
        Assert.Equal(0, (long)JsonNode.Parse(again.Stdout)!["records"]!);
        Assert.Equal(0, await server.StopAsync());
        var verify = await CliRunner.RunAsync("verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Lines_that_are_not_export_requests_are_named_by_file_and_line_and_the_rest_is_imported()
    {
        using var dir = new TempDirectory("import");
        var good = ImportTestData.SeedLines(1);
        var file = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), [good[0], "{\"resourceLogs\":5}", .. good[1..]]);
        var data = Path.Combine(dir.Path, "data");

        var import = await CliRunner.RunAsync("import", file, "--data", data);

        Assert.True(import.ExitCode == 1, import.ToString());
        Assert.Contains($"{file}:2: ", import.Stderr);
        Assert.Contains("1 new conversation", import.Stdout);
        Assert.DoesNotContain("   at ", import.Stderr);
    }

    [Fact]
    public async Task Nothing_to_import_is_explained()
    {
        using var dir = new TempDirectory("import");
        File.WriteAllText(Path.Combine(dir.Path, "history.jsonl"), "{\"session_id\":\"x\",\"ts\":1,\"text\":\"hi\"}\n");

        CliRunner.AssertUserError(await CliRunner.RunAsync("import", dir.Path, "--data", Path.Combine(dir.Path, "data")), "nothing to import");
        CliRunner.AssertUserError(await CliRunner.RunAsync("import", Path.Combine(dir.Path, "missing"), "--data", Path.Combine(dir.Path, "data")), "does not exist");
    }

    private static JsonNode Conversation(ProcessResult list)
    {
        Assert.True(list.ExitCode == 0, list.ToString());
        return Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray())!;
    }

    private static string TraceLine()
    {
        var span = new Span
        {
            TraceId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString("0102030405060708090a0b0c0d0e0f10")),
            SpanId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString("0102030405060708")),
            Name = "session_task.turn",
            StartTimeUnixNano = 1795465202000000000,
            EndTimeUnixNano = 1795465203000000000,
        };
        var request = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            OtlpJsonEncoder.Write(json, request);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
