using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// The store's page positions as opaque text, for the HTTP API and the views' <c>next</c>: base64url of the
/// position's fields (and, for conversations, the order it belongs to, so a cursor of one sort is refused by another).
/// A cursor that is not one of ours throws <see cref="FormatException"/>.
/// </summary>
public static class PageCursor
{
    public static string Of(ConversationQuery query, ConversationPosition position)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(position);
        return Encode($"c:{Order(query)}:{position.Key.ToString(CultureInfo.InvariantCulture)}:{position.Id}");
    }

    /// <summary>The position a conversation cursor holds (null for null), checked against the query's order.</summary>
    public static ConversationPosition? Conversation(string? cursor, ConversationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (cursor is null)
        {
            return null;
        }

        var parts = Decode(cursor).Split(':', 4);
        if (parts is not ["c", var order, var key, var id] || order != Order(query))
        {
            throw new FormatException("the cursor is not one of this list's (was its sort changed?)");
        }

        return new ConversationPosition(Number(key), id);
    }

    public static string Of(ToolCallPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Encode(string.Create(CultureInfo.InvariantCulture, $"t:{position.TimeTicks}:{position.Seq}"));
    }

    public static ToolCallPosition? ToolCall(string? cursor) =>
        cursor is null ? null
        : Decode(cursor).Split(':') is ["t", var time, var seq] ? new ToolCallPosition(Number(time), Number(seq))
        : throw new FormatException("the cursor is not one of a tool's calls");

    public static string Of(SearchPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Encode(string.Create(CultureInfo.InvariantCulture, $"s:{position.IndexedSeq}"));
    }

    public static SearchPosition? Search(string? cursor) =>
        cursor is null ? null
        : Decode(cursor).Split(':') is ["s", var seq] ? new SearchPosition(Number(seq))
        : throw new FormatException("the cursor is not one of a search's");

    private static string Order(ConversationQuery query) =>
        $"{query.Sort.ToString().ToLowerInvariant()}-{(query.Ascending ? "asc" : "desc")}";

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new FormatException("the cursor is not one this program made");
        }
    }

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException("the cursor is not one this program made");
}
