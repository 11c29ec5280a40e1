namespace CodexOtel.Codex;

/// <summary>
/// Reads Codex's own session history, <c>$CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;id&gt;.jsonl</c> (and
/// <c>archived_sessions/</c>), into the same <see cref="CodexEvent"/>s the telemetry yields, with
/// <see cref="CodexEvent.Source"/> "rollout". A run whose telemetry was lost still leaves this file.
/// <para>
/// Each line is <c>{timestamp, type, payload}</c>. What is read (Codex 0.169; older and newer versions add and drop
/// types, so unknown types and malformed lines are skipped):
/// </para>
/// <list type="table">
/// <item><term>session_meta</term><description>payload.id = conversation id (else the id in the file name); cwd,
/// cli_version (→ app.version, resource service.version), originator (→ resource service.name), model_provider
/// (→ provider_name). With the first turn_context it becomes a ConversationStart at the session_meta time.</description></item>
/// <item><term>turn_context</term><description>model (→ Model of every later event), approval_policy,
/// sandbox_policy.type (→ sandbox_policy), effort or collaboration_mode.settings.reasoning_effort (→ reasoning_effort),
/// turn_id.</description></item>
/// <item><term>response_item message, role user</term><description>UserPrompt: the text parts joined, unless Codex
/// injected it (see <see cref="InjectedContext"/>).</description></item>
/// <item><term>response_item message, role assistant</term><description>AgentResponse: the output_text parts.</description></item>
/// <item><term>response_item function_call / custom_tool_call / local_shell_call + function_call_output /
/// custom_tool_call_output</term><description>ToolResult joined by call_id: name (→ Tool), arguments or input
/// (→ Text), output (→ Detail; a string, an object with content and success, or a list of content items), time of
/// the output, duration = output time − call time. An output saying Codex's exec policy rejected the command makes it
/// Success false, Decision "denied" by "policy". A call its turn ended without answering is kept without output.</description></item>
/// <item><term>event_msg token_count</term><description>ModelResponse with Tokens = info.last_token_usage (one response:
/// input_tokens incl. cached_input_tokens, output_tokens incl. reasoning_output_tokens); a repeat with an unchanged
/// info.total_token_usage is skipped.</description></item>
/// <item><term>event_msg task_started</term><description>the current turn id.</description></item>
/// <item><term>event_msg error, or task_complete with error</term><description>an Other event
/// "<see cref="CodexNames.RolloutTurnError"/>" with error.message (→ Detail), once per turn.</description></item>
/// </list>
/// <para>
/// Keys hash the conversation id, the event name and the text of the line (for a tool call, the function_call line),
/// so reading the file again, or after Codex appended to it or moved it to archived_sessions, gives the same keys.
/// </para>
/// </summary>
public static class RolloutReader
{
    public static IEnumerable<CodexEvent> Read(string rolloutPath)
    {
        ArgumentNullException.ThrowIfNull(rolloutPath);
        var fileName = Path.GetFileName(rolloutPath);
        using var reader = new StreamReader(rolloutPath);
        foreach (var e in Read(reader, fileName))
        {
            yield return e;
        }
    }

    /// <summary>Reads rollout lines from any text source; <paramref name="fileName"/> supplies the id when session_meta is missing.</summary>
    public static IEnumerable<CodexEvent> Read(TextReader reader, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var session = new RolloutSession(fileName, IdFromFileName(fileName));
        var batch = new List<CodexEvent>(4);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            session.Accept(line, batch);
            foreach (var e in batch)
            {
                yield return e;
            }

            batch.Clear();
        }

        session.Finish(batch);
        foreach (var e in batch)
        {
            yield return e;
        }
    }

    /// <summary>The conversation id at the end of <c>rollout-2026-11-23T20-20-02-&lt;uuid&gt;.jsonl</c>, if it is there.</summary>
    public static string? IdFromFileName(string? fileName)
    {
        if (fileName is null)
        {
            return null;
        }

        var name = Path.GetFileName(fileName);
        var dot = name.IndexOf(".jsonl", StringComparison.OrdinalIgnoreCase);
        var stem = dot >= 0 ? name[..dot] : name;
        const int UuidLength = 36;
        return stem.Length > UuidLength && Guid.TryParseExact(stem[^UuidLength..], "D", out _) ? stem[^UuidLength..] : null;
    }
}
