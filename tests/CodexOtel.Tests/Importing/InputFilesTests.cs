using System.Text;
using CodexOtel.Importing;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Importing;

/// <summary>What import makes of the paths it is given: formats and compression from content, folders walked.</summary>
public sealed class InputFilesTests
{
    [Theory]
    [InlineData("{\"resourceLogs\":[]}", "Collector")]
    [InlineData("{\"resource_spans\":[]}", "Collector")]
    [InlineData("{\"resourceMetrics\":[{\"resource\":{}}]}", "Collector")]
    [InlineData("{\"timestamp\":\"2026-11-23T20:20:02.104Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"x\"}}", "Rollout")]
    [InlineData("{\"session_id\":\"x\",\"ts\":1795465202,\"text\":\"say hi\"}", "Unrecognised")]
    [InlineData("model = \"gpt-5\"", "Unrecognised")]
    [InlineData("[{\"resourceLogs\":[]}]", "Unrecognised")]
    public void A_files_first_line_tells_what_it_holds(string line, string expected) =>
        Assert.Equal(expected, InputFiles.Classify(Encoding.UTF8.GetBytes(line)).ToString());

    [Fact]
    public void Folders_are_walked_and_compression_is_read_from_the_content_not_the_name()
    {
        using var dir = new TempDirectory("import-files");
        var lines = ImportTestData.SeedLines(2);
        var plain = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel", "otel-logs.jsonl"), lines);
        var zstd = ImportTestData.WriteZstd(Path.Combine(dir.Path, "otel", "otel-logs-2026-11-23T10-00-00.000.jsonl"), lines);
        var gzip = ImportTestData.WriteGzip(Path.Combine(dir.Path, "otel", "old", "otel-logs.jsonl.gz"), lines);
        var rollout = ImportTestData.PlaceRollout(Path.Combine(dir.Path, "codex"), ImportTestData.FixtureRollout);
        File.WriteAllText(Path.Combine(dir.Path, "codex", "history.jsonl"), "{\"session_id\":\"x\",\"ts\":1,\"text\":\"hi\"}\n");
        File.WriteAllText(Path.Combine(dir.Path, "codex", "config.toml"), "model = \"gpt-5\"\n");
        var notes = new List<string>();

        var found = InputFiles.Find([dir.Path], Path.Combine(dir.Path, "data"), notes);

        Assert.Equal(
            [(gzip, InputFormat.Collector), (zstd, InputFormat.Collector), (plain, InputFormat.Collector), (rollout, InputFormat.Rollout), (Path.Combine(dir.Path, "codex", "history.jsonl"), InputFormat.Unrecognised)],
            found.Select(f => (f.Path, f.Format)));
        Assert.Empty(notes);
        using var text = new StreamReader(InputFiles.Open(zstd, out var raw));
        Assert.Equal(lines[0], text.ReadLine());
        Assert.Equal(new FileInfo(zstd).Length, raw.BytesRead);
    }

    [Fact]
    public void The_data_folders_own_ledger_is_never_imported_into_itself()
    {
        using var dir = new TempDirectory("import-files");
        var data = dir.Sub("data");
        var own = ImportTestData.WriteLines(Path.Combine(data, "otel-logs.jsonl"), ImportTestData.SeedLines(1));
        var notes = new List<string>();

        Assert.Empty(InputFiles.Find([dir.Path], data, notes));
        Assert.Empty(InputFiles.Find([own], data, notes));
        Assert.Contains(notes, n => n.Contains("own ledger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_that_does_not_exist_is_an_error_the_user_can_fix()
    {
        var e = Assert.Throws<ImportException>(() => InputFiles.Find(["/nonexistent/otel-data"], "/tmp/data", []));
        Assert.Contains("/nonexistent/otel-data does not exist", e.Message);
    }
}
