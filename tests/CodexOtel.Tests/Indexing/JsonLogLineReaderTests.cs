using System.Text;
using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Otlp.Json;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Otlp;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.Indexing;

/// <summary>
/// The reader that takes OTLP-JSON logs lines straight to events, against the general path: decode the line, then
/// normalise the request. Where it reads a line, it must give exactly the general path's events, keys and stored
/// attribute JSON; where the decoder refuses a line, it must decline it.
/// </summary>
public class JsonLogLineReaderTests
{
    private static readonly Dictionary<string, object?> Same = [];

    [Fact]
    public void Codex_shaped_lines_read_straight_to_the_events_the_normaliser_makes_of_the_decoded_request()
    {
        var generator = new RandomCodexLogs(seed: 1201, doubles: false);
        var events = 0;
        for (var i = 0; i < 400; i++)
        {
            var line = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(generator.Request()));

            // The compact form is what the encoder writes: both ways of reading take it (doubles, which Codex does not
            // send, are left to the token reader).
            var compact = JsonLogLineReader.TryReadCompact(line);
            var tokens = JsonLogLineReader.TryReadTokens(line);

            Assert.NotNull(tokens);
            AssertSame(GeneralPath(line)!, tokens);
            events += tokens.Events.Count;
            Assert.NotNull(compact);
            AssertSame(GeneralPath(line)!, compact);
        }

        Assert.True(events > 1000, $"only {events} events");
    }

    [Fact]
    public void A_real_codex_capture_reads_straight_to_the_same_events()
    {
        var capture = RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl");
        foreach (var line in File.ReadLines(capture).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes))
        {
            var read = JsonLogLineReader.TryReadCompact(line);

            Assert.NotNull(read);
            AssertSame(GeneralPath(line)!, read);
        }
    }

    [Fact]
    public void Events_of_one_conversation_share_one_string_for_its_id_and_for_each_event_name()
    {
        var capture = RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl");
        var events = File.ReadLines(capture).Where(l => l.Length > 0)
            .SelectMany(l => JsonLogLineReader.TryReadCompact(Encoding.UTF8.GetBytes(l))!.Events)
            .ToList();

        Assert.True(events.Count > 10, $"only {events.Count} events");
        foreach (var conversation in events.GroupBy(e => e.ConversationId))
        {
            Assert.All(conversation, e => Assert.Same(conversation.First().ConversationId, e.ConversationId));
        }

        foreach (var name in events.GroupBy(e => e.Name))
        {
            Assert.All(name, e => Assert.Same(name.First().Name, e.Name));
        }
    }

    [Fact]
    public void Reshaped_lines_are_read_as_the_decoder_reads_them_or_declined()
    {
        var generator = new RandomCodexLogs(seed: 1202);
        var reshaper = new JsonReshaper(seed: 1203);
        int read = 0, declined = 0;
        for (var i = 0; i < 1500; i++)
        {
            var line = reshaper.Reshape(OtlpSamples.ToJson(generator.Request()), oneIn: 100 + (i % 5 * 300));

            if (Check(line))
            {
                read++;
            }
            else
            {
                declined++;
            }
        }

        // Both outcomes must be well represented, or the comparison proves little.
        Assert.True(read > 300, $"read {read}, declined {declined}");
        Assert.True(declined > 300, $"read {read}, declined {declined}");
    }

    [Fact]
    public void Corrupted_lines_the_decoder_refuses_are_declined()
    {
        var generator = new RandomCodexLogs(seed: 1204);
        var reshaper = new JsonReshaper(seed: 1205);
        var refused = 0;
        for (var i = 0; i < 1500; i++)
        {
            var line = reshaper.Corrupt(Encoding.UTF8.GetBytes(OtlpSamples.ToJson(generator.Request())));

            Check(line);
            refused += GeneralPath(line) is null ? 1 : 0;
        }

        Assert.True(refused > 700, $"only {refused} corrupted lines were refused");
    }

    [Theory]
    [InlineData("""{"key":"k","value":{"arrayValue":{"values":[{"stringValue":"a"}]}}}""")]
    [InlineData("""{"key":"k","value":{"kvlistValue":{"values":[]}}}""")]
    [InlineData("""{"key":"k","value":{"bytesValue":"AAE="}}""")]
    [InlineData("""{"key":"model","value":{"stringValue":"a"}},{"key":"model","value":{"stringValue":"b"}}""")]
    [InlineData("""{"key":"codex_otel.source","value":{"stringValue":"rollout"}}""")]
    public void Nested_values_keys_given_twice_and_records_import_made_of_rollouts_go_the_general_way(string attribute)
    {
        var line = Encoding.UTF8.GetBytes(
            $$$"""{"resourceLogs":[{"resource":{},"scopeLogs":[{"logRecords":[{"observedTimeUnixNano":"1767600000000000000","attributes":[{"key":"event.name","value":{"stringValue":"codex.user_prompt"}},{"key":"conversation.id","value":{"stringValue":"c1"}},{{{attribute}}}]}]}]}]}""");

        Assert.Null(JsonLogLineReader.TryRead(line));
        Assert.Single(GeneralPath(line)!.Events);
    }

    [Fact]
    public void Values_equal_to_a_column_are_stored_as_references_and_numbers_as_text_still_match()
    {
        var record = CodexRecords.Event(
            "codex.tool_result",
            0,
            ("tool_name", "exec_command"),
            ("output", "\u0001starts with the marker"),
            ("arguments", new AnyValue { IntValue = 42 }),
            ("copy", "42"),
            ("copy.output", "\u0001starts with the marker"));
        var line = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(CodexRecords.Request(record)));

        var read = JsonLogLineReader.TryRead(line);

        Assert.NotNull(read);
        AssertSame(GeneralPath(line)!, read);
        var shape = Encoding.UTF8.GetString(Stored(read.Events[0]).Shape.Json);
        Assert.Contains("\"copy\":\"\\u0001t\"", shape, StringComparison.Ordinal);
        Assert.Contains("\"output\":\"\\u0001d\"", shape, StringComparison.Ordinal);
    }

    /// <summary>Compares both ways of reading with the general path on a line; true when the token reader read it.</summary>
    private static bool Check(byte[] line)
    {
        var general = GeneralPath(line);
        foreach (var read in new[] { JsonLogLineReader.TryReadCompact(line), JsonLogLineReader.TryReadTokens(line) })
        {
            if (read is not null)
            {
                Assert.True(general is not null, $"read a line the decoder refuses: {Encoding.UTF8.GetString(line)}");
                AssertSame(general, read);
            }
        }

        return JsonLogLineReader.TryReadTokens(line) is not null;
    }

    private static LineEvents? GeneralPath(byte[] line)
    {
        try
        {
            return LineEvents.Of(OtlpJsonDecoder.DecodeLogs(line));
        }
        catch (OtlpJsonException)
        {
            return null;
        }
    }

    private static void AssertSame(LineEvents expected, LineEvents actual)
    {
        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
        {
            var (e, a) = (expected.Events[i], actual.Events[i]);
            var (expectedStored, actualStored) = (AttributeJson.WriteStored(e.Attributes, SharedValues.Of(e)), Stored(a));
            Assert.Equal(Encoding.UTF8.GetString(expectedStored.Shape.Json), Encoding.UTF8.GetString(actualStored.Shape.Json));
            Assert.Equal(Encoding.UTF8.GetString(expectedStored.Values), Encoding.UTF8.GetString(actualStored.Values));
            Assert.Equal(e.Resource.ToList(), a.Resource.ToList());
            Assert.Equal(e with { Attributes = Same, Resource = Same }, a with { Attributes = Same, Resource = Same });
        }
    }

    private static StoredAttributes Stored(CodexEvent e) =>
        Assert.IsType<LazyAttributes>(e.Attributes).StoredFor(SharedValues.Of(e)) ?? throw new InvalidOperationException("not stored attributes");
}
