namespace CodexOtel.Store;

/// <summary>A page of <see cref="IConversationReader.SearchAsync"/>: the words, where the page starts and its size.</summary>
/// <param name="Text">Words to find, all of them; a trailing * matches a prefix.</param>
public sealed record EventSearch(string Text)
{
    /// <summary>Hits indexed before this one: the previous page's <see cref="SearchPage.Next"/>.</summary>
    public SearchPosition? After { get; init; }

    /// <summary>At most this many (at least 1).</summary>
    public int Limit { get; init; } = 20;
}

/// <summary>A place in the most-recently-indexed-first order of events: the store's indexing sequence number of a hit.</summary>
public sealed record SearchPosition(long IndexedSeq);

/// <summary>Hits of one page, most recently indexed first, and where the next page starts (null when this is the last).</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, SearchPosition? Next);
