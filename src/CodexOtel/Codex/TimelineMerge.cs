namespace CodexOtel.Codex;

/// <summary>
/// Decides which events of a conversation to show when it was both recorded (telemetry in the ledger) and imported
/// from its rollout file. The telemetry is preferred: it has latencies, decisions, status codes and Codex's own
/// labels. A rollout event is added only for what the telemetry lacks:
/// <list type="number">
/// <item>its kind has no telemetry event at all in the conversation (e.g. agent responses, which Codex logs only with
/// <c>log_agent_responses</c>; or the conversation start when recording began mid-session);</item>
/// <item>it happened outside the span the telemetry covers, with <see cref="Slack"/> either side (telemetry lost for
/// part of the conversation: the recorder was down, or a resumed run exited non-zero and exported nothing);</item>
/// <item>it is a tool result whose call_id no telemetry event names (a lost export batch).</item>
/// </list>
/// A conversation with no telemetry at all comes only from its rollout. Events with the same key are kept once.
/// </summary>
internal static class TimelineMerge
{
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    public static (List<CodexEvent> Events, string Source) Select(IEnumerable<CodexEvent> events)
    {
        // Sized once: growing them was most of what summarising a conversation allocated.
        var count = events.TryGetNonEnumeratedCount(out var known) ? known : 0;
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        var ledger = new List<CodexEvent>(count);
        var rollout = new List<CodexEvent>();
        foreach (var e in events)
        {
            if (seen.Add(e.Key))
            {
                (IsRollout(e) ? rollout : ledger).Add(e);
            }
        }

        if (rollout.Count == 0)
        {
            return (ledger, "ledger");
        }

        if (ledger.Count == 0)
        {
            return (rollout, "rollout");
        }

        var kinds = new bool[Enum.GetValues<CodexEventKind>().Length];
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        foreach (var e in ledger)
        {
            kinds[(int)e.Kind] = true;
            first = e.Time < first ? e.Time : first;
            last = e.Time > last ? e.Time : last;
            if (e.CallId is { } callId)
            {
                callIds.Add(callId);
            }
        }

        var added = 0;
        foreach (var r in rollout)
        {
            if (!kinds[(int)r.Kind]
                || r.Time < first - Slack || r.Time > last + Slack
                || (r.Kind == CodexEventKind.ToolResult && r.CallId is { } callId && !callIds.Contains(callId)))
            {
                ledger.Add(r);
                added++;
            }
        }

        return (ledger, added > 0 ? "ledger+rollout" : "ledger");
    }

    private static bool IsRollout(CodexEvent e) => string.Equals(e.Source, "rollout", StringComparison.Ordinal);
}
