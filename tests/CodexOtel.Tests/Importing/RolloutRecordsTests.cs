using System.Globalization;
using System.Text;
using CodexOtel.Codex;
using CodexOtel.Importing;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Tests.Importing;

/// <summary>A rollout event imported as an OTLP log record comes back from the normaliser as the very same event.</summary>
public sealed class RolloutRecordsTests
{
    [Fact]
    public void Every_event_of_a_real_rollout_survives_the_trip_through_a_ledger_line_unchanged()
    {
        var events = RolloutReader.Read(ImportTestData.FixtureRollout).ToList();

        var back = ThroughLedger(RolloutRecords.ToRequests(events));

        Assert.Equal(events.Count, back.Count);
        Assert.Contains(events, e => e.Kind == CodexEventKind.ToolResult);
        Assert.Contains(events, e => e.Kind == CodexEventKind.ModelResponse);
        foreach (var (expected, actual) in events.Zip(back))
        {
            AssertSame(expected, actual);
        }
    }

    [Fact]
    public void An_imported_record_carries_the_codex_event_name_its_conversation_and_the_imports_source_and_key()
    {
        var e = RolloutReader.Read(ImportTestData.FixtureRollout).First(e => e.Kind == CodexEventKind.UserPrompt);

        var record = RolloutRecords.ToRecord(e);

        var attributes = record.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
        Assert.Equal("codex.user_prompt", attributes["event.name"]);
        Assert.Equal(ImportTestData.FixtureConversation, attributes["conversation.id"]);
        Assert.Equal("please tool", attributes["prompt"]);
        Assert.Equal("rollout", attributes[CodexNormaliser.ImportSourceAttribute]);
        Assert.Equal(e.Key, attributes[CodexNormaliser.ImportKeyAttribute]);
        Assert.Equal((ulong)(e.Time - DateTimeOffset.UnixEpoch).Ticks * 100, record.TimeUnixNano);
    }

    [Fact]
    public void Records_of_a_long_session_are_split_into_requests_of_a_few_megabytes()
    {
        var prompt = RolloutReader.Read(ImportTestData.FixtureRollout).First(e => e.Kind == CodexEventKind.UserPrompt);
        var text = new string('x', 100_000);
        var many = Enumerable.Range(0, 100)
            .Select(i => prompt with { Key = "k" + i.ToString(CultureInfo.InvariantCulture), Attributes = new Dictionary<string, object?>(prompt.Attributes) { ["prompt"] = text } })
            .ToList();

        var requests = RolloutRecords.ToRequests(many).ToList();

        Assert.True(requests.Count >= 2, $"{requests.Count} request(s)");
        Assert.All(requests, r => Assert.True(r.CalculateSize() < 2 * RolloutRecords.MaxRequestBytes));
        Assert.Equal(many.Select(e => e.Key), ThroughLedger(requests).Select(e => e.Key));
    }

    [Fact]
    public void A_record_that_import_did_not_make_keeps_the_ledger_as_its_source_and_its_content_key()
    {
        var request = CodexOtel.Tests.Codex.CodexRecords.Request(CodexOtel.Tests.Codex.CodexRecords.Event("codex.user_prompt", 0, ("prompt", "hi")));

        var e = Assert.Single(CodexNormaliser.FromLogs(request));

        Assert.Equal("ledger", e.Source);
        Assert.Equal(32, e.Key.Length);
        Assert.Equal("codex.user_prompt", e.Attributes["event.name"]);
    }

    private static List<CodexEvent> ThroughLedger(IEnumerable<ExportLogsServiceRequest> requests) =>
    [
        .. requests.SelectMany(r => CodexNormaliser.FromLogs(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(ImportTestData.Line(r))))),
    ];

    private static void AssertSame(CodexEvent expected, CodexEvent actual)
    {
        var empty = new Dictionary<string, object?>();
        Assert.Equal(expected with { Attributes = empty, Resource = empty }, actual with { Attributes = empty, Resource = empty });
        Assert.Equal(Sorted(expected.Attributes), Sorted(actual.Attributes));
        Assert.Equal(Sorted(expected.Resource), Sorted(actual.Resource));
    }

    private static List<(string, object?)> Sorted(IReadOnlyDictionary<string, object?> map) =>
        [.. map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value))];
}
