using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>The write side's part in retention: events whose ledger lines were pruned leave the index.</summary>
public abstract partial class ConversationStoreContract
{
    [Fact]
    public async Task Removing_pruned_events_drops_a_conversation_left_without_events_and_marks_the_others_stale()
    {
        var gone = Conversation("conv-gone", T0);
        var kept = Conversation("conv-kept", T0.AddHours(1));
        Store.Apply([.. gone, .. kept], "logs", null);
        Store.SaveSummaries([Indexed(gone), Indexed(kept)]);
        Assert.Empty(Store.StaleConversations());

        var touched = Store.RemoveEvents([.. gone, kept[0]]);

        Assert.Equal(["conv-gone", "conv-kept"], touched.Order(StringComparer.Ordinal));
        Assert.Empty(Store.Events("conv-gone"));
        Assert.Equal(kept.Skip(1).Select(Describe), Store.Events("conv-kept").Select(Describe));
        Assert.Equal(["conv-kept"], Store.StaleConversations());
        var listed = await Store.ListAsync(new ConversationQuery());
        Assert.Equal(["conv-kept"], listed.Conversations.Select(c => c.Id));
        Assert.DoesNotContain((await Store.SearchAsync(new EventSearch("echo"))).Hits, h => h.ConversationId == "conv-gone");
    }

    [Fact]
    public void Removing_events_the_store_does_not_hold_changes_nothing()
    {
        var events = Conversation("conv-a", T0);
        Store.Apply(events, "logs", null);

        var touched = Store.RemoveEvents([.. Conversation("conv-other", T0)]);

        Assert.Empty(touched);
        Assert.Equal(events.Count, Store.Events("conv-a").Count);
    }
}
