namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Binds a row's values to a statement stepped once per row, skipping those equal to the previous row's: SQLite keeps
/// bindings from one step to the next, and consecutive events share most of theirs (conversation, kind, name, model,
/// source, resource), each of which costs a native call, a UTF-8 encoding and a copy when bound.
/// </summary>
internal sealed class RowBindings(RawStatement statement, int parameters)
{
    private readonly string?[] _texts = new string?[parameters + 1];
    private readonly long?[] _integers = new long?[parameters + 1];
    private readonly double?[] _reals = new double?[parameters + 1];
    private readonly bool[] _bound = new bool[parameters + 1];

    public void Set(int index, string? value)
    {
        if (!_bound[index] || !string.Equals(_texts[index], value, StringComparison.Ordinal))
        {
            statement.Bind(index, value);
            Remember(index, value, null, null);
        }
    }

    public void Set(int index, long? value)
    {
        if (!_bound[index] || _texts[index] is not null || _reals[index] is not null || _integers[index] != value)
        {
            statement.Bind(index, value);
            Remember(index, null, value, null);
        }
    }

    public void Set(int index, double? value)
    {
        if (!_bound[index] || _texts[index] is not null || _integers[index] is not null || _reals[index] != value)
        {
            if (value is { } v)
            {
                statement.Bind(index, v);
            }
            else
            {
                statement.BindNull(index);
            }

            Remember(index, null, null, value);
        }
    }

    /// <summary>Text that differs from row to row: always bound (and not remembered).</summary>
    public void SetUtf8(int index, ReadOnlySpan<byte> utf8)
    {
        statement.BindUtf8(index, utf8);
        _bound[index] = false;
    }

    private void Remember(int index, string? text, long? integer, double? real)
    {
        _texts[index] = text;
        _integers[index] = integer;
        _reals[index] = real;
        _bound[index] = true;
    }
}
