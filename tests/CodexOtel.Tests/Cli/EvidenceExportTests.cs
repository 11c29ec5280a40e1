using System.Formats.Tar;
using System.Text;
using CodexOtel.Ledger.Evidence;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Cli;

/// <summary><c>export --evidence</c> and <c>verify --evidence</c>: an archive an auditor checks on another machine, without the ledger.</summary>
public sealed class EvidenceExportTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("evidence");

    private string Data => Path.Combine(_dir.Path, "data");

    private string Archive => Path.Combine(_dir.Path, "evidence.tar");

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
    public async Task An_evidence_archive_holds_the_raw_lines_chain_manifest_and_reports_and_verifies_with_the_ledger_gone()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.Id(2), "--evidence", "-o", Archive, "--data", Data);
        Assert.True(export.ExitCode == 0, export.ToString());
        var ledger = File.ReadAllLines(Path.Combine(Data, "otel-logs.jsonl"));
        Directory.Move(Data, Data + "-elsewhere");

        var verify = await CliRunner.RunAsync("verify", "--evidence", Archive, "--data", Data);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"evidence of conversation {ImportTestData.Id(2)}", verify.Stdout);
        Assert.Contains("✔ manifest.json matches manifest.json.sha256", verify.Stdout);
        Assert.Contains("each re-hashed from the entry before it into its chain entry, in order", verify.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Archive));
        var members = Members(File.ReadAllBytes(Archive));
        Assert.Equal(
            ["manifest.json", "manifest.json.sha256", "ledger/otel-logs.jsonl", "ledger/otel-logs.chain", $"report/{ImportTestData.Id(2)}.txt", $"report/{ImportTestData.Id(2)}.md"],
            members.Select(m => m.Name));
        var lines = Encoding.UTF8.GetString(members[2].Content).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Contains(line, ledger));
        Assert.All(lines, line => Assert.Contains(ImportTestData.Id(2), line, StringComparison.Ordinal));
        Assert.Contains($"conversation {ImportTestData.Id(2)}", Encoding.UTF8.GetString(members[4].Content), StringComparison.Ordinal);
        Assert.StartsWith($"# Codex conversation {ImportTestData.Id(2)}", Encoding.UTF8.GetString(members[5].Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_one_byte_of_any_member_fails_verify_evidence()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.FixtureConversation, "--evidence", "-o", Archive, "--data", Data);
        Assert.True(export.ExitCode == 0, export.ToString());
        var bytes = File.ReadAllBytes(Archive);
        var members = Members(bytes);
        Assert.Equal(6, members.Count);

        foreach (var (name, content) in members)
        {
            // The member's bytes as they lie in the archive file; the byte in their middle is changed.
            var at = bytes.AsSpan().IndexOf(content) + (content.Length / 2);
            var changed = (byte[])bytes.Clone();
            changed[at] ^= 0x01;

            var result = EvidenceVerifier.Verify(new MemoryStream(changed));

            Assert.False(result.Ok, $"a byte changed in {name} went unnoticed");
        }

        var tampered = Path.Combine(_dir.Path, "tampered.tar");
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.AsSpan().IndexOf(members[2].Content) + 10] ^= 0x01;
        File.WriteAllBytes(tampered, flipped);
        var verify = await CliRunner.RunAsync("verify", "--evidence", tampered);
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("✘ ledger/otel-logs.jsonl does not match its SHA-256 in the manifest", verify.Stdout);
        Assert.Contains("FAILED:", verify.Stdout);
    }

    [Fact]
    public async Task A_line_changed_with_the_manifest_and_its_sum_made_again_fails_because_it_no_longer_hashes_into_the_chain()
    {
        var export = await CliRunner.RunAsync("export", ImportTestData.FixtureConversation, "--evidence", "-o", Archive, "--data", Data);
        Assert.True(export.ExitCode == 0, export.ToString());
        var members = Members(File.ReadAllBytes(Archive));
        var manifest = EvidenceManifest.TryParse(members[0].Content)!;
        var lines = Encoding.UTF8.GetString(members[2].Content);
        var edited = Encoding.UTF8.GetBytes(lines.Replace("\"conversation.id\"", "\"conversation.ie\"", StringComparison.Ordinal));
        Assert.NotEqual(members[2].Content, edited);
        members[2] = (members[2].Name, edited);
        var files = members.Skip(2).Select(m => EvidenceFile.Of(m.Name, m.Content)).ToList();
        var json = (manifest with { Files = files }).ToJson();
        members[0] = (members[0].Name, json);
        members[1] = (members[1].Name, EvidenceManifest.SumLine(json));

        var result = EvidenceVerifier.Verify(new MemoryStream(Tar(members)));

        Assert.False(result.Ok);
        Assert.Contains("is not in the chain entries", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_for_a_time_range_holds_every_conversation_started_in_it()
    {
        var export = await CliRunner.RunAsync("export", "--since", "2000-01-01", "--until", "2100-01-01", "--evidence", "-o", Archive, "--tz", "UTC", "--data", Data);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("wrote evidence of 4 conversations", export.Stderr);
        var verify = await CliRunner.RunAsync("verify", "--evidence", Archive);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var names = Members(File.ReadAllBytes(Archive)).Select(m => m.Name).ToList();
        foreach (var id in new[] { ImportTestData.Id(1), ImportTestData.Id(2), ImportTestData.Id(3), ImportTestData.FixtureConversation })
        {
            Assert.Contains($"report/{id}.md", names);
        }
    }

    [Fact]
    public async Task Evidence_without_a_file_and_a_time_range_without_evidence_are_refused_with_a_fix()
    {
        var noFile = await CliRunner.RunAsync("export", ImportTestData.Id(1), "--evidence", "--data", Data);
        var noEvidence = await CliRunner.RunAsync("export", "--since", "3d", "--data", Data);
        var missing = await CliRunner.RunAsync("verify", "--evidence", Path.Combine(_dir.Path, "none.tar"));

        CliRunner.AssertUserErrorWithFix(noFile, "give it a file with -o FILE", "--evidence -o evidence.tar");
        CliRunner.AssertUserErrorWithFix(noEvidence, "--since and --until choose the conversations of an evidence archive", "add --evidence -o FILE");
        CliRunner.AssertUserErrorWithFix(missing, "cannot read the evidence archive", "export --evidence");
    }

    private static List<(string Name, byte[] Content)> Members(byte[] archive)
    {
        var members = new List<(string, byte[])>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            members.Add((entry.Name, content.ToArray()));
        }

        return members;
    }

    private static byte[] Tar(IEnumerable<(string Name, byte[] Content)> members)
    {
        using var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }
}
