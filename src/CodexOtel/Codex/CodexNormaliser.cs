using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Codex;

/// <summary>
/// Turns Codex's OTLP log records into <see cref="CodexEvent"/>s: one per record that has an <c>event.name</c> and a
/// <c>conversation.id</c> (others, like the DEBUG "flushing OTEL metrics" record, stay in the ledger only).
/// This is the one place that knows Codex's telemetry quirks (see docs in ../shared/codex-telemetry.md):
/// the name is an attribute, <c>timeUnixNano</c> is 0, numbers arrive as strings or ints, <c>tool_token_count</c>
/// is the total, and <c>response.completed</c> comes twice (only the record with token counts is a model response).
/// </summary>
public static class CodexNormaliser
{
    /// <summary>
    /// Set by <c>codex-otel import</c> on the records it makes of a Codex rollout file: the event's
    /// <see cref="CodexEvent.Source"/> ("rollout").
    /// </summary>
    public const string ImportSourceAttribute = "codex_otel.source";

    /// <summary>… and its <see cref="CodexEvent.Key"/>, so the record yields the very event the rollout reader did.</summary>
    public const string ImportKeyAttribute = "codex_otel.key";

    public static IEnumerable<CodexEvent> FromLogs(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var resourceLogs in request.ResourceLogs)
        {
            // Built once per resource and shared by its events, so the store can recognise it by reference.
            IReadOnlyDictionary<string, object?>? resource = null;
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var e = FromRecord(record, resourceLogs.Resource, ref resource);
                    if (e is not null)
                    {
                        yield return e;
                    }
                }
            }
        }
    }

    /// <summary>One record; null when it is not a Codex conversation event.</summary>
    public static CodexEvent? FromRecord(LogRecord record, Resource? resource)
    {
        IReadOnlyDictionary<string, object?>? map = null;
        return FromRecord(record, resource, ref map);
    }

    private static CodexEvent? FromRecord(LogRecord record, Resource? resource, ref IReadOnlyDictionary<string, object?>? resourceMap)
    {
        var attributes = record.Attributes;
        if (attributes.Count == 0)
        {
            return null;
        }

        var fields = default(RecordFields);
        var map = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var kv in attributes)
        {
            map[kv.Key] = AnyValues.ToObject(kv.Value);
            fields.Take(kv.Key, kv.Value);
        }

        if (fields.Name is null || fields.ConversationId is null
            || TimeNanos(record.TimeUnixNano, record.ObservedTimeUnixNano, fields.EventTimestamp) is not { } nanos)
        {
            return null;
        }

        // A record that import made of a rollout event names the event's source and key; these (and the event.name import
        // added) are bookkeeping, not attributes of the event.
        var source = "ledger";
        string? key = null;
        if (map.Remove(ImportSourceAttribute, out var importedSource) && importedSource is string { Length: > 0 } sourceName)
        {
            source = sourceName;
            key = map.Remove(ImportKeyAttribute, out var importedKey) && importedKey is string { Length: > 0 } k ? k : null;
            map.Remove(CodexNames.Keys.EventName);
        }

        resourceMap ??= ResourceMap(resource);
        key ??= EventKey.ForRecord(fields.ConversationId, fields.Name, nanos, record.TraceId, record.SpanId, attributes);
        return Build(fields, key, nanos, Hex(record.TraceId.Span), Hex(record.SpanId.Span), map, resourceMap, source);
    }

    /// <summary>
    /// The event of a record whose fields are read (<paramref name="fields"/> has a name and a conversation id) and whose
    /// key is known: shared with the reader that takes OTLP-JSON lines straight to events.
    /// </summary>
    internal static CodexEvent Build(
        in RecordFields fields,
        string key,
        ulong nanos,
        string? traceId,
        string? spanId,
        IReadOnlyDictionary<string, object?> attributes,
        IReadOnlyDictionary<string, object?> resource,
        string source)
    {
        var name = fields.Name!;
        var kind = KindOf(name, fields);
        var success = AnyValues.Bool(fields.Success);
        var output = fields.Output;
        var (decision, decisionSource) = Decision(name, kind, fields, success, output);
        return new CodexEvent
        {
            Key = key,
            ConversationId = fields.ConversationId!,
            Time = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (long)(nanos / 100), TimeSpan.Zero),
            Kind = kind,
            Name = name,
            Model = fields.Model,
            CallId = fields.CallId,
            Tool = fields.ToolName,
            Decision = decision,
            DecisionSource = decisionSource,
            Success = success,
            DurationMs = AnyValues.Double(fields.DurationMs),
            Status = AnyValues.Long(fields.Status) is { } status and >= int.MinValue and <= int.MaxValue ? (int)status : null,
            Tokens = fields.Tokens(),
            EstimatedUsd = AnyValues.Decimal(fields.EstimatedUsd),
            Text = fields.Text,
            Detail = fields.Detail,
            Truncated = AnyValues.Bool(fields.Truncated),
            Attributes = attributes,
            Resource = resource,
            Source = source,
            TraceId = traceId,
            SpanId = spanId,
            TurnId = fields.TurnId,
        };
    }

    private static CodexEventKind KindOf(string name, in RecordFields fields) => name switch
    {
        CodexNames.ConversationStarts => CodexEventKind.ConversationStart,
        CodexNames.UserPrompt => CodexEventKind.UserPrompt,
        CodexNames.ApiRequest or CodexNames.WebsocketRequest => CodexEventKind.ApiRequest,
        CodexNames.SseEvent or CodexNames.WebsocketEvent
            when fields.EventKind == CodexNames.ResponseCompleted && (fields.InputTokens is not null || fields.OutputTokens is not null)
            => CodexEventKind.ModelResponse,
        CodexNames.ToolDecision => CodexEventKind.ToolDecision,
        CodexNames.ToolResult => CodexEventKind.ToolResult,
        CodexNames.AgentResponse => CodexEventKind.AgentResponse,
        CodexNames.TurnCost => CodexEventKind.TurnCost,
        _ => CodexEventKind.Other,
    };

    private static (string? Decision, string? Source) Decision(
        string name, CodexEventKind kind, in RecordFields fields, bool? success, string? output)
    {
        if (kind == CodexEventKind.ToolDecision)
        {
            return (fields.Decision, fields.DecisionSource);
        }

        if (kind == CodexEventKind.ToolResult && ToolRejection.IsRejected(success, output))
        {
            return ("denied", CodexNames.PolicySource);
        }

        return name == CodexNames.SandboxOutcome && fields.Outcome is not null
            ? (fields.Outcome, CodexNames.SandboxSource)
            : (null, null);
    }

    // timeUnixNano is 0 in everything Codex sends; observedTimeUnixNano is set; event.timestamp (ms) is the last resort.
    internal static ulong? TimeNanos(ulong timeUnixNano, ulong observedTimeUnixNano, string? eventTimestamp)
    {
        var nanos = timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano;
        if (nanos != 0)
        {
            // Any ulong of nanoseconds after 1970 is a valid DateTimeOffset (it ends in 2554).
            return nanos;
        }

        if (eventTimestamp is not null && DateTimeOffset.TryParse(
                eventTimestamp,
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal,
                out var time)
            && time >= DateTimeOffset.UnixEpoch)
        {
            return (ulong)(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100UL;
        }

        return null;
    }

    private static Dictionary<string, object?> ResourceMap(Resource? resource)
    {
        var attributes = resource?.Attributes;
        var map = new Dictionary<string, object?>(attributes?.Count ?? 0, StringComparer.Ordinal);
        if (attributes is not null)
        {
            foreach (var kv in attributes)
            {
                map[kv.Key] = AnyValues.ToObject(kv.Value);
            }
        }

        return map;
    }

    /// <summary>An id as the event keeps it: lowercase hex, null when absent or all zeros.</summary>
    internal static string? Hex(ReadOnlySpan<byte> id) => HexId.IsEmpty(id) ? null : Convert.ToHexStringLower(id);
}
