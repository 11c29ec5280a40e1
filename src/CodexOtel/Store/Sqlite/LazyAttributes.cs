using System.Diagnostics.CodeAnalysis;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Stored attributes that are parsed only when first looked at: building a summary reads every event of a
/// conversation, but looks at the attributes of few of them. Either a shape and values, or (events indexed before
/// shapes) one JSON object.
/// </summary>
internal sealed class LazyAttributes : IReadOnlyDictionary<string, object?>
{
    private readonly StoredAttributes? _stored;
    private readonly byte[]? _wholeMap;
    private readonly SharedValues _shared;
    private Dictionary<string, object?>? _parsed;

    public LazyAttributes(StoredAttributes stored, SharedValues shared) => (_stored, _shared) = (stored, shared);

    public LazyAttributes(byte[] wholeMap, SharedValues shared) => (_wholeMap, _shared) = (wholeMap, shared);

    /// <summary>The attributes as stored, when stored for these shared values in shape and values; null when not (the map must be written then).</summary>
    public StoredAttributes? StoredFor(SharedValues values) => values == _shared ? _stored : null;

    private Dictionary<string, object?> Parsed =>
        _parsed ?? Interlocked.CompareExchange(ref _parsed, _stored is { } stored ? AttributeJson.Read(stored, _shared) : AttributeJson.Read(_wholeMap, _shared), null) ?? _parsed!;

    public object? this[string key] => Parsed[key];

    public IEnumerable<string> Keys => Parsed.Keys;

    public IEnumerable<object?> Values => Parsed.Values;

    public int Count => Parsed.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        // One key of a shape is found without making the map (a summary looks up a few on every event).
        if (_parsed is null && _stored is { } stored)
        {
            return AttributeJson.TryFind(stored, _shared, key, out value);
        }

        if (SurelyAbsent(key))
        {
            value = null;
            return false;
        }

        return Parsed.TryGetValue(key, out value);
    }

    // Looking up a key most events lack (error.message) must not parse every whole map: a plain key the JSON does not
    // contain in quotes is absent (the writer leaves such keys unescaped).
    private bool SurelyAbsent(string key)
    {
        if (_parsed is not null || _wholeMap is null || key.Length > 120 || !IsPlain(key))
        {
            return false;
        }

        Span<byte> quoted = stackalloc byte[key.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        for (var i = 0; i < key.Length; i++)
        {
            quoted[i + 1] = (byte)key[i];
        }

        return _wholeMap.AsSpan().IndexOf(quoted) < 0;
    }

    private static bool IsPlain(string key)
    {
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Parsed.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
