using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CodexOtel.Codex;
using CodexOtel.Query;
using CodexOtel.Store;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Query;

/// <summary>
/// The query layer's records, serialised with their source-generated contract, have the README's "--json shapes":
/// every documented field, in order, with its JSON type; times ISO 8601 UTC; unknown costs null.
/// </summary>
public sealed class QueryJsonShapeTests(RecordedConversations data) : IClassFixture<RecordedConversations>, IDisposable
{
    private const JsonValueKind Str = JsonValueKind.String;
    private const JsonValueKind Num = JsonValueKind.Number;
    private const JsonValueKind Obj = JsonValueKind.Object;
    private const JsonValueKind Null = JsonValueKind.Null;

    private static readonly (string Name, JsonValueKind[] Kinds)[] ConversationFields =
    [
        ("id", [Str]), ("started", [Str]), ("ended", [Str]), ("duration_ms", [Num]), ("model", [Str, Null]),
        ("provider", [Str, Null]), ("originator", [Str, Null]), ("app_version", [Str, Null]),
        ("approval_policy", [Str, Null]), ("sandbox_policy", [Str, Null]), ("turns", [Num]), ("tool_calls", [Num]),
        ("denials", [Num]), ("errors", [Num]), ("tokens", [Obj]), ("cost_usd", [Num, Null]), ("first_prompt", [Str, Null]),
        ("source", [Str]),
    ];

    // "success" is a boolean: True stands for True or False.
    private static readonly Dictionary<string, JsonValueKind> OptionalItemFields = new()
    {
        ["model"] = Str,
        ["tool"] = Str,
        ["call_id"] = Str,
        ["decision"] = Str,
        ["decided_by"] = Str,
        ["success"] = JsonValueKind.True,
        ["duration_ms"] = Num,
        ["status"] = Num,
        ["tokens"] = Obj,
        ["text"] = Str,
        ["detail"] = Str,
    };

    private static readonly string[] Kinds =
        ["conversation_start", "user_prompt", "api_request", "model_response", "tool_decision", "tool_result", "agent_response", "turn_cost", "other"];

    private readonly IConversationStore _store = ConversationStores.Open(data.Data);

    private ConversationQueries Queries => new(_store, PriceTable.BuiltIn);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_list_entry_has_every_documented_field_in_order_with_its_json_type()
    {
        var list = Serialize(await Queries.ListAsync(new ConversationQuery()), QueryJsonContext.Default.IReadOnlyListConversationView);

        Assert.Equal(4, list.GetArrayLength());
        foreach (var conversation in list.EnumerateArray())
        {
            AssertConversation(conversation, ConversationFields);
        }

        Assert.Equal(0.00282m, list[0].GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task A_timeline_is_the_conversation_fields_then_turns_of_items_with_only_the_fields_each_event_has()
    {
        var timeline = await Queries.TimelineAsync(ImportTestData.FixtureConversation);

        var json = Serialize(timeline!, QueryJsonContext.Default.TimelineView);

        AssertConversation(json, [.. ConversationFields, ("senders", [JsonValueKind.Array]), ("timeline", [JsonValueKind.Array])]);
        Assert.Equal("ledger+rollout", json.GetProperty("source").GetString());
        Assert.Empty(json.GetProperty("senders").EnumerateArray()); // imported, not sent: nobody is named
        var turns = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal([0, 1], turns.Select(t => t.GetProperty("turn").GetInt32()));
        foreach (var turn in turns)
        {
            Assert.Equal(["turn", "tokens", "items"], Names(turn));
            AssertTokens(turn.GetProperty("tokens"));
            foreach (var item in turn.GetProperty("items").EnumerateArray())
            {
                var names = Names(item);
                Assert.Equal(["time", "kind", "event"], names[..3]);
                Assert.Equal("source", names[^1]);
                AssertUtc(item.GetProperty("time"));
                Assert.Contains(item.GetProperty("kind").GetString(), Kinds);
                foreach (var name in names[3..^1])
                {
                    Assert.True(OptionalItemFields.TryGetValue(name, out var kind), $"undocumented item field {name}");
                    var actual = item.GetProperty(name).ValueKind;
                    Assert.Equal(kind, actual == JsonValueKind.False ? JsonValueKind.True : actual);
                }
            }
        }

        var items = turns.SelectMany(t => t.GetProperty("items").EnumerateArray()).ToList();
        var tool = items.Single(i => i.GetProperty("kind").GetString() == "tool_result");
        Assert.True(tool.GetProperty("success").GetBoolean());
        AssertTokens(items.First(i => i.GetProperty("kind").GetString() == "model_response").GetProperty("tokens"));
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "agent_response" && i.GetProperty("source").GetString() == "rollout");
    }

    [Fact]
    public async Task A_search_hit_has_conversation_turn_time_event_tool_and_a_plain_snippet()
    {
        var hits = Serialize(await Queries.SearchAsync(new SearchQuery("files")), QueryJsonContext.Default.IReadOnlyListSearchHitView);

        Assert.Equal(3, hits.GetArrayLength());
        foreach (var hit in hits.EnumerateArray())
        {
            Assert.Equal(["conversation", "turn", "time", "event", "tool", "snippet"], Names(hit));
            Assert.Equal(Num, hit.GetProperty("turn").ValueKind);
            AssertUtc(hit.GetProperty("time"));
            Assert.Equal(Null, hit.GetProperty("tool").ValueKind);
            Assert.DoesNotContain(SearchHit.HighlightStart, hit.GetProperty("snippet").GetString()!);
        }
    }

    [Theory]
    [InlineData(UsageGrouping.Day, new[] { "day", "model" })]
    [InlineData(UsageGrouping.Model, new[] { "model" })]
    [InlineData(UsageGrouping.Conversation, new[] { "conversation", "model" })]
    public async Task Usage_rows_name_their_group_and_the_total_names_none(UsageGrouping by, string[] group)
    {
        var usage = Serialize(await Queries.UsageAsync(new UsageQuery { By = by }), QueryJsonContext.Default.UsageView);

        Assert.Equal(["rows", "total"], Names(usage));
        string[] counts = ["conversations", "turns", "tokens", "cost_usd"];
        foreach (var row in usage.GetProperty("rows").EnumerateArray())
        {
            Assert.Equal([.. group, .. counts], Names(row));
            AssertTokens(row.GetProperty("tokens"));
            Assert.Equal(Num, row.GetProperty("cost_usd").ValueKind);
        }

        if (by == UsageGrouping.Day)
        {
            Assert.Equal("2026-11-23", usage.GetProperty("rows")[0].GetProperty("day").GetString());
        }

        var total = usage.GetProperty("total");
        Assert.Equal(counts, Names(total));
        Assert.Equal(4, total.GetProperty("conversations").GetInt32());
        Assert.Equal(3246, total.GetProperty("tokens").GetProperty("input").GetInt64());
    }

    private static JsonElement Serialize<T>(T value, JsonTypeInfo<T> type) => JsonDocument.Parse(JsonSerializer.Serialize(value, type)).RootElement.Clone();

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static void AssertConversation(JsonElement conversation, (string Name, JsonValueKind[] Kinds)[] fields)
    {
        Assert.Equal(fields.Select(f => f.Name), Names(conversation));
        foreach (var (name, kinds) in fields)
        {
            Assert.Contains(conversation.GetProperty(name).ValueKind, kinds);
        }

        AssertUtc(conversation.GetProperty("started"));
        AssertUtc(conversation.GetProperty("ended"));
        AssertTokens(conversation.GetProperty("tokens"));
    }

    private static void AssertTokens(JsonElement tokens)
    {
        Assert.Equal(["input", "cached_input", "output", "reasoning"], Names(tokens));
        Assert.All(tokens.EnumerateObject(), p => Assert.Equal(Num, p.Value.ValueKind));
    }

    private static void AssertUtc(JsonElement time)
    {
        var parsed = DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }
}
