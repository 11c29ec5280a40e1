namespace CodexOtel.Query;

/// <summary>
/// One page of conversations (<see cref="ConversationQueries.ListPageAsync"/>) in the query's order, the cursor of the
/// next page (null on the last) and how many the filters match: exact up to <see cref="ConversationQueries.CountCap"/>,
/// past it the cap with <see cref="TotalExact"/> false ("1,000+").
/// </summary>
public sealed record ConversationListView(IReadOnlyList<ConversationView> Conversations, string? Next, long Total, bool TotalExact);
