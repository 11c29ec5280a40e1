using System.Globalization;
using System.Text;
using CodexOtel.Codex;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Rows of <c>events</c> back into <see cref="CodexEvent"/>s, straight from the native statement. Values that repeat
/// from row to row (conversation id, kind, model, resource) are decoded once.
/// </summary>
internal sealed class SqliteEventReader
{
    /// <summary>The columns <see cref="Read"/> expects, in order, from <c>events e</c> joined to <c>resources r</c>.</summary>
    public const string Select =
        """
        e.key, e.conversation_id, e.time, e.kind, e.name, e.model, e.call_id, e.tool, e.decision, e.decision_source,
        e.success, e.duration_ms, e.status, e.input_tokens, e.cached_tokens, e.output_tokens, e.reasoning_tokens,
        e.estimated_usd, e.text, e.detail, e.truncated, e.source, e.trace_id, e.span_id, e.turn_id, e.resource_id,
        e.attributes, r.json, e.seq, e.shape_id, s.json
        """;

    /// <summary>What <see cref="Select"/> needs joined to <c>events e</c>.</summary>
    public const string Joins = "LEFT JOIN resources r ON r.id = e.resource_id LEFT JOIN attribute_shapes s ON s.id = e.shape_id";

    public const string From = $"events e {Joins}";

    public const int ColumnCount = 31;

    /// <summary>The column of the row's insertion number, which orders events of the same time.</summary>
    public const int SeqColumn = 28;

    private readonly Dictionary<long, IReadOnlyDictionary<string, object?>> _resources = [];
    private readonly Dictionary<long, AttributeShape> _shapes = [];
    private readonly RecentTexts _repeating = new();

    public CodexEvent Read(RawStatement row)
    {
        var text = Text(row, 18);
        var detail = Text(row, 19);
        var conversation = Repeating(row, 1)!;
        var name = Repeating(row, 4)!;
        var model = Repeating(row, 5);
        return new CodexEvent
        {
            Key = Text(row, 0)!,
            ConversationId = conversation,
            Time = new DateTimeOffset(row.Int64(2), TimeSpan.Zero),
            Kind = EventKinds.Parse(Repeating(row, 3)!),
            Name = name,
            Model = model,
            CallId = Text(row, 6),
            Tool = Repeating(row, 7),
            Decision = Repeating(row, 8),
            DecisionSource = Repeating(row, 9),
            Success = row.IsNull(10) ? null : row.Int64(10) != 0,
            DurationMs = row.IsNull(11) ? null : row.Double(11),
            Status = row.IsNull(12) ? null : (int)row.Int64(12),
            Tokens = row.IsNull(13) ? null : new TokenUsage(row.Int64(13), row.Int64(14), row.Int64(15), row.Int64(16)),
            EstimatedUsd = Text(row, 17) is { } usd ? decimal.Parse(usd, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            Text = text,
            Detail = detail,
            Truncated = row.IsNull(20) ? null : row.Int64(20) != 0,
            Source = Repeating(row, 21)!,
            TraceId = Text(row, 22),
            SpanId = Text(row, 23),
            TurnId = Text(row, 24),
            Resource = Resource(row),
            Attributes = Attributes(row, new SharedValues(text, detail, conversation, name, model)),
        };
    }

    private IReadOnlyDictionary<string, object?> Resource(RawStatement row)
    {
        var id = row.Int64(25);
        if (!_resources.TryGetValue(id, out var resource))
        {
            resource = row.IsNull(27) ? new Dictionary<string, object?>() : AttributeJson.Read(row.Utf8(27));
            _resources[id] = resource;
        }

        return resource;
    }

    // Rows indexed before shapes (shape 0) hold the whole map.
    private LazyAttributes Attributes(RawStatement row, SharedValues shared)
    {
        var json = row.Utf8(26).ToArray();
        var id = row.Int64(29);
        if (id == 0)
        {
            return new LazyAttributes(json, shared);
        }

        if (!_shapes.TryGetValue(id, out var shape))
        {
            shape = new AttributeShape(row.Utf8(30).ToArray());
            _shapes[id] = shape;
        }

        return new LazyAttributes(new StoredAttributes(shape, json), shared);
    }

    private static string? Text(RawStatement row, int column) => row.IsNull(column) ? null : Encoding.UTF8.GetString(row.Utf8(column));

    private string? Repeating(RawStatement row, int column) => row.IsNull(column) ? null : _repeating.Of(row.Utf8(column));
}
