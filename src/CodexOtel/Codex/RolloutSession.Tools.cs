using System.Text.Json;

namespace CodexOtel.Codex;

/// <summary>Tool calls: a function_call waits for the function_call_output with its call_id.</summary>
internal sealed partial class RolloutSession
{
    private void Call(Line at, string? name, string? arguments)
    {
        if (RolloutJson.String(at.Payload, "call_id") is { } callId)
        {
            _pendingCalls[callId] = new PendingCall(at.Text, at.Time, name, arguments, _turnId);
        }
    }

    private void CallOutput(Line at, List<CodexEvent> output)
    {
        var p = at.Payload;
        if (_conversationId is null || RolloutJson.String(p, "call_id") is not { } callId || !_pendingCalls.Remove(callId, out var call))
        {
            return;
        }

        var (text, success) = ToolOutput(p);
        output.Add(ToolResult(call, callId, at.Time, text, success));
    }

    private CodexEvent ToolResult(PendingCall call, string callId, DateTimeOffset? completed, string? text, bool? success)
    {
        var rejected = ToolRejection.IsRejected(success, text);
        if (rejected)
        {
            success = false;
        }

        var duration = completed is { } end ? (end - call.Time).TotalMilliseconds : (double?)null;
        var attributes = Common(call.TurnId);
        Put(attributes, CodexNames.Keys.ToolName, call.Name);
        attributes[CodexNames.Keys.CallId] = callId;
        Put(attributes, CodexNames.Keys.Arguments, call.Arguments);
        Put(attributes, CodexNames.Keys.Output, text);
        Put(attributes, CodexNames.Keys.Success, success is { } s ? (s ? "true" : "false") : null);
        if (duration is { } d)
        {
            attributes[CodexNames.Keys.DurationMs] = d;
        }

        return Event(CodexEventKind.ToolResult, CodexNames.ToolResult, completed ?? call.Time, Key(CodexNames.ToolResult, call.Text), attributes) with
        {
            CallId = callId,
            Tool = call.Name,
            Text = call.Arguments,
            Detail = text,
            Success = success,
            DurationMs = duration,
            Decision = rejected ? "denied" : null,
            DecisionSource = rejected ? CodexNames.PolicySource : null,
            TurnId = call.TurnId,
        };
    }

    // A call the turn ended without answering (interrupted, or Codex failed): shown without output. Calls still
    // pending at the end of the file are not emitted, because a live session may yet answer them.
    private void FlushUnansweredCalls(List<CodexEvent> output)
    {
        if (_conversationId is null)
        {
            _pendingCalls.Clear();
            return;
        }

        foreach (var (callId, call) in _pendingCalls)
        {
            output.Add(ToolResult(call, callId, completed: null, text: null, success: null));
        }

        _pendingCalls.Clear();
    }

    private static (string? Text, bool? Success) ToolOutput(JsonElement payload)
    {
        if (!payload.TryGetProperty("output", out var output))
        {
            return (null, null);
        }

        return output.ValueKind switch
        {
            JsonValueKind.String => (output.GetString(), null),
            // Older Codex: {"content": "...", "success": true}; newer: a list of content items.
            JsonValueKind.Object => (RolloutJson.Text(output, "content"), RolloutJson.Bool(output, "success")),
            JsonValueKind.Array => (RolloutJson.ContentText(payload, "output"), null),
            _ => (null, null),
        };
    }
}
