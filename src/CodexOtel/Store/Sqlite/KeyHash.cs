namespace CodexOtel.Store.Sqlite;

/// <summary>
/// A stable 64-bit FNV-1a hash of an event key: the store indexes this instead of the (long) key, and resolves the
/// rare collision by probing, so two different keys never count as one event.
/// </summary>
public static class KeyHash
{
    public static long Of(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
