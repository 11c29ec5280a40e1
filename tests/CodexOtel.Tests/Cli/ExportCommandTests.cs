using System.Text;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Cli;

/// <summary><c>codex-otel export</c>: one conversation as its raw ledger lines, as CSV rows, or as a Markdown report.</summary>
public sealed class ExportCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("export");

    private string Data => Path.Combine(_dir.Path, "data");

    public async Task InitializeAsync()
    {
        // Three conversations whose records share ledger lines, and the real Codex tool turn with its rollout.
        var seed = ImportTestData.WriteLines(Path.Combine(_dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(3));
        var import = await CliRunner.RunAsync("import", seed, ImportTestData.FixtureLedger, ImportTestData.FixtureRollout, "--data", Data);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Jsonl_is_the_conversations_ledger_lines_with_only_its_own_records()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.Id(2), "--format", "jsonl", "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        var requests = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(line)))
            .ToList();
        var records = requests.SelectMany(r => r.ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).ToList();
        Assert.Equal(ImportTestData.Conversation(2).Length, records.Count);
        Assert.All(records, r => Assert.Equal(ImportTestData.Id(2), r.Attributes.Single(a => a.Key == "conversation.id").Value.StringValue));
        Assert.All(requests, r => Assert.Equal("codex_exec", r.ResourceLogs[0].Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue));
    }

    [Fact]
    public async Task Jsonl_of_a_conversation_alone_in_its_lines_is_those_lines_byte_for_byte_including_imported_rollout_records()
    {
        var file = Path.Combine(_dir.Path, "evidence.jsonl");

        var export = await CliRunner.RunAsync("export", ImportTestData.FixtureConversation, "-o", file, "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"wrote 2 ledger lines of conversation {ImportTestData.FixtureConversation} to {file}", export.Stderr);
        var ledger = File.ReadAllLines(Path.Combine(Data, "otel-logs.jsonl"));
        var lines = File.ReadAllLines(file);
        Assert.Equal(File.ReadAllLines(ImportTestData.FixtureLedger).Single(), lines[0]);
        Assert.All(lines, line => Assert.Contains(line, ledger));
        Assert.Contains("\"codex_otel.source\"", lines[1]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Exporting_onto_a_file_anyone_may_read_leaves_it_readable_only_by_its_owner()
    {
        var file = Path.Combine(_dir.Path, "evidence-existing.jsonl");
        File.WriteAllText(file, "old");
        var everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        File.SetUnixFileMode(file, everyone);

        var export = await CliRunner.RunAsync("export", ImportTestData.FixtureConversation, "-o", file, "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.DoesNotContain("old", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_has_one_row_per_event_with_its_turn_tool_decision_duration_tokens_and_text()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.Id(1), "--format", "csv", "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        var rows = export.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "time,turn,kind,event,model,tool,call_id,decision,decided_by,success,duration_ms,status,input_tokens,cached_input_tokens,output_tokens,reasoning_tokens,text,detail,source",
            rows[0]);
        Assert.Equal(ImportTestData.Conversation(1).Length + 1, rows.Length);
        Assert.Equal("2026-11-23T18:39:12.813Z,1,user_prompt,codex.user_prompt,gpt-5,,,,,,,,,,,,task 1: list the files,,ledger", rows[2]);
        Assert.Contains(rows, r => r.StartsWith("2026-11-23T18:39:12.913Z,1,model_response,codex.sse_event,gpt-5,,,,,,,,1001,100,20,5,,,ledger", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("2026-11-23T18:39:12.923Z,1,tool_decision,codex.tool_decision,gpt-5,exec_command,call_1,approved,Config,", StringComparison.Ordinal));
        Assert.Contains("2026-11-23T18:39:12.963Z,1,tool_result,codex.tool_result,gpt-5,exec_command,call_1,,,true,12,,,,,,\"{\"\"cmd\"\":\"\"ls\"\"}\",\"file-1.txt\n\",ledger", export.Stdout);
    }

    [Fact]
    public async Task Md_is_a_report_with_the_summary_then_the_turns_as_show_prints_them()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.FixtureConversation, "--format", "md", "--tz", "UTC", "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        var md = export.Stdout;
        Assert.StartsWith($"# Codex conversation {ImportTestData.FixtureConversation}\n", md, StringComparison.Ordinal);
        Assert.Contains("| model | gpt-5.5 via Mock |", md);
        Assert.Contains("| turns | 1 · tool calls 1 · denied 0 · errors 0 |", md);
        Assert.Contains("| tokens | in 240 (40 cached) · out 60 (20 reasoning) |", md);
        Assert.Contains("| recorded from | ledger+rollout |", md);
        Assert.Contains("## Turn 1\n", md);
        Assert.Contains("- `20:20:02.203` **prompt** please tool\n", md);
        Assert.Contains("**decision** exec_command · approved (by config)", md);
        Assert.Contains("**tool** exec_command {\"cmd\":\"echo hello\"} · 46 ms · ok\n\n  ```\n  hello\n  ```\n", md);
        Assert.Contains("**answer** it printed hello", md);
        Assert.True(md.IndexOf("**prompt**", StringComparison.Ordinal) < md.IndexOf("**answer**", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_conversation_or_format_is_explained()
    {
        CliRunner.AssertUserError(await CliRunner.RunAsync("export", "zzzz", "--data", Data), "no conversation \"zzzz\"");
        var format = await CliRunner.RunAsync("export", "1", "--format", "pdf", "--data", Data);
        Assert.NotEqual(0, format.ExitCode);
        Assert.Contains("pdf", format.Stderr);
    }
}
