using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Indexing;

public sealed class FreshConversationsTests : IDisposable
{
    private readonly TempDirectory _dir = new("fresh");
    private readonly SqliteConversationStore _store;

    public FreshConversationsTests() => _store = SqliteConversationStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Events_that_came_in_time_order_come_back_as_they_came()
    {
        var fresh = new FreshConversations();
        var events = Conversation("conv-a", T0);

        fresh.Add(_store, events);

        Assert.Equal(events, fresh.EventsOf("conv-a"));
    }

    [Fact]
    public void Events_out_of_time_order_come_back_in_time_order_and_those_of_one_instant_as_they_came()
    {
        var fresh = new FreshConversations();
        var late = Event("conv-a", CodexEventKind.ToolResult, T0.AddSeconds(5));
        var first = Event("conv-a", CodexEventKind.UserPrompt, T0, key: "first");
        var second = Event("conv-a", CodexEventKind.ApiRequest, T0, key: "second");

        fresh.Add(_store, [late, first]);
        fresh.Add(_store, [second]);

        Assert.Equal([first, second, late], fresh.EventsOf("conv-a"));
        Assert.Null(fresh.EventsOf("conv-b"));
    }

    [Fact]
    public void A_conversation_the_store_already_holds_is_not_kept_in_memory()
    {
        _store.Apply(Conversation("conv-a", T0), "logs", null);
        var fresh = new FreshConversations();

        fresh.Add(_store, [Event("conv-a", CodexEventKind.UserPrompt, T0.AddMinutes(1))]);

        Assert.Null(fresh.EventsOf("conv-a"));
    }
}
