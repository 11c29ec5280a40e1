namespace CodexOtel.Store.Sqlite;

/// <summary>
/// A shape of stored attributes (see <see cref="AttributeJson"/>): its JSON, and where each key's value is, worked
/// out the first time a key is looked up. Events of one shape share one instance (the line reader and the index
/// reader keep them), so a summary looking up a key on each of a conversation's events parses each shape once.
/// </summary>
public sealed class AttributeShape(byte[] json)
{
    private Dictionary<string, Entry>? _entries;

    public byte[] Json { get; } = json;

    /// <summary>Where a key's value is: the <see cref="Entry.Slot"/>-th of an event's own values, else <see cref="Entry.Value"/> (a reference or the text).</summary>
    internal bool TryGet(string key, out Entry entry) => Entries.TryGetValue(key, out entry);

    private Dictionary<string, Entry> Entries =>
        _entries ?? Interlocked.CompareExchange(ref _entries, AttributeJson.EntriesOf(Json), null) ?? _entries!;

    /// <param name="Slot">The index of the value among the event's own values; -1 when the shape holds it.</param>
    /// <param name="Value">What the shape holds: a reference to a shared value, or the value itself.</param>
    internal readonly record struct Entry(int Slot, object? Value);
}
