namespace CodexOtel.Query;

public sealed partial class ConversationQueries
{
    /// <summary>
    /// One conversation's spans per turn, as trees for a waterfall, from the traces ledger of <paramref name="dataDir"/>
    /// (read only where the conversation's time falls: <see cref="TurnTraces"/>); null when it has no events.
    /// </summary>
    public async ValueTask<IReadOnlyList<TurnTraceView>?> TracesAsync(string conversationId, string dataDir, CancellationToken cancellationToken = default)
    {
        if (await TimelineOfAsync(conversationId, cancellationToken).ConfigureAwait(false) is not { } timeline)
        {
            return null;
        }

        return await Task.Run(() => TurnTraces.Read(dataDir, timeline, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
