using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Bench.Conversations;

/// <summary>One Codex process's conversation: its resource and the log records it exported, in time order.</summary>
internal sealed record GeneratedConversation(string Id, Resource Resource, IReadOnlyList<TimedRecord> Records, string FirstPrompt)
{
    public ulong Start => Records[0].Observed;
}

/// <summary>A log record with the scope it was logged under (Codex's events or the DEBUG metrics-client record).</summary>
internal readonly record struct TimedRecord(ulong Observed, LogRecord Record, bool MetricsClientScope);
