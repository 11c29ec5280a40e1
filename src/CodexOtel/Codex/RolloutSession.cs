using System.Globalization;
using System.Text.Json;

namespace CodexOtel.Codex;

/// <summary>
/// The state of one rollout file being read line by line (see <see cref="RolloutReader"/> for the mapping): who the
/// session is, the current turn's model and policies, tool calls waiting for their output, and the last cumulative
/// token total (Codex repeats a token_count when only rate limits changed).
/// </summary>
internal sealed partial class RolloutSession(string? fileName, string? idFromFileName)
{
    private readonly Dictionary<string, PendingCall> _pendingCalls = new(StringComparer.Ordinal);
    private string? _conversationId = idFromFileName;
    private Dictionary<string, object?> _resource = [];
    private MetaLine? _meta;
    private bool _startEmitted;
    private string? _model;
    private string? _turnId;
    private string? _originator;
    private string? _appVersion;
    private TokenUsage? _lastTotal;
    private bool _errorInTurn;

    public void Accept(string line, List<CodexEvent> output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return; // a torn last line of a live session, or not a rollout line at all
        }

        using (document)
        {
            var root = document.RootElement;
            if (RolloutJson.String(root, "timestamp") is not { } stamp || !TryTime(stamp, out var time)
                || RolloutJson.String(root, "type") is not { } type || RolloutJson.Object(root, "payload") is not { } payload)
            {
                return;
            }

            var at = new Line(line, time, payload);
            switch (type)
            {
                case "session_meta":
                    SessionMeta(at);
                    break;
                case "turn_context":
                    TurnContext(at, output);
                    break;
                case "response_item":
                    ResponseItem(at, output);
                    break;
                case "event_msg":
                    EventMessage(at, output);
                    break;
            }
        }
    }

    /// <summary>End of file: a session that never reached a turn still gets its start.</summary>
    public void Finish(List<CodexEvent> output) => EmitStart(output, context: null);

    private void SessionMeta(Line at)
    {
        if (_meta is not null)
        {
            return; // a resumed or forked session repeats its meta; the first one names the conversation
        }

        var p = at.Payload;
        _conversationId = RolloutJson.String(p, "id") ?? _conversationId;
        _originator = RolloutJson.String(p, "originator");
        _appVersion = RolloutJson.String(p, "cli_version");
        _meta = new MetaLine(at.Text, at.Time, RolloutJson.String(p, "cwd"), RolloutJson.String(p, "model_provider"), RolloutJson.String(p, "source"));
        _resource = [];
        Put(_resource, CodexNames.Keys.ServiceName, _originator);
        Put(_resource, CodexNames.Keys.ServiceVersion, _appVersion);
    }

    private void TurnContext(Line at, List<CodexEvent> output)
    {
        var p = at.Payload;
        _model = RolloutJson.String(p, "model") ?? _model;
        _turnId = RolloutJson.String(p, "turn_id") ?? _turnId;
        EmitStart(output, p);
    }

    private void EmitStart(List<CodexEvent> output, JsonElement? context)
    {
        if (_startEmitted || _meta is not { } meta || _conversationId is null)
        {
            return;
        }

        _startEmitted = true;
        var attributes = Common();
        Put(attributes, CodexNames.Keys.ProviderName, meta.Provider);
        Put(attributes, "cwd", meta.Cwd);
        Put(attributes, "session_source", meta.Source);
        if (context is { } c)
        {
            Put(attributes, CodexNames.Keys.ApprovalPolicy, RolloutJson.Text(c, "approval_policy"));
            Put(attributes, CodexNames.Keys.SandboxPolicy, SandboxPolicy(c));
            Put(attributes, CodexNames.Keys.ReasoningEffort, RolloutJson.String(c, "effort")
                ?? RolloutJson.String(RolloutJson.Object(c, "collaboration_mode") is { } mode ? RolloutJson.Object(mode, "settings") : null, "reasoning_effort"));
        }

        output.Add(Event(CodexEventKind.ConversationStart, CodexNames.ConversationStarts, meta.Time, EventKey.ForRollout(_conversationId, CodexNames.ConversationStarts, meta.Text), attributes));
    }

    private void ResponseItem(Line at, List<CodexEvent> output)
    {
        var p = at.Payload;
        switch (RolloutJson.String(p, "type"))
        {
            case "message":
                Message(at, output);
                break;
            case "function_call":
                Call(at, RolloutJson.String(p, "name"), RolloutJson.Text(p, "arguments"));
                break;
            case "custom_tool_call":
                Call(at, RolloutJson.String(p, "name"), RolloutJson.Text(p, "input"));
                break;
            case "local_shell_call":
                Call(at, "local_shell", RolloutJson.Text(p, "action"));
                break;
            case "function_call_output" or "custom_tool_call_output":
                CallOutput(at, output);
                break;
        }
    }

    private void Message(Line at, List<CodexEvent> output)
    {
        var p = at.Payload;
        var role = RolloutJson.String(p, "role");
        if (_conversationId is null || RolloutJson.ContentText(p) is not { } text)
        {
            return;
        }

        if (role == "user" && !InjectedContext.IsInjected(p, text))
        {
            var attributes = Common();
            attributes[CodexNames.Keys.Prompt] = text;
            attributes[CodexNames.Keys.PromptLength] = (long)text.EnumerateRunes().Count();
            output.Add(Event(CodexEventKind.UserPrompt, CodexNames.UserPrompt, at.Time, Key(CodexNames.UserPrompt, at.Text), attributes) with { Text = text });
        }
        else if (role == "assistant")
        {
            var attributes = Common();
            attributes[CodexNames.Keys.Response] = text;
            attributes[CodexNames.Keys.ResponseLength] = (long)text.EnumerateRunes().Count();
            output.Add(Event(CodexEventKind.AgentResponse, CodexNames.AgentResponse, at.Time, Key(CodexNames.AgentResponse, at.Text), attributes) with { Text = text });
        }
    }

    private void EventMessage(Line at, List<CodexEvent> output)
    {
        var p = at.Payload;
        switch (RolloutJson.String(p, "type"))
        {
            case "task_started":
                _turnId = RolloutJson.String(p, "turn_id") ?? _turnId;
                _errorInTurn = false;
                break;
            case "token_count":
                TokenCount(at, output);
                break;
            case "error" when RolloutJson.String(p, "message") is { } message:
                TurnError(at, message, null, output);
                break;
            case "task_complete" or "turn_complete" or "turn_aborted":
                if (!_errorInTurn && RolloutJson.Object(p, "error") is { } error && RolloutJson.String(error, "message") is { } failure)
                {
                    TurnError(at, failure, RolloutJson.Text(error, "codex_error_info"), output);
                }

                FlushUnansweredCalls(output);
                break;
        }
    }

    private void TurnError(Line at, string message, string? info, List<CodexEvent> output)
    {
        if (_conversationId is null)
        {
            return;
        }

        _errorInTurn = true;
        var attributes = Common();
        attributes[CodexNames.Keys.ErrorMessage] = message;
        Put(attributes, "codex_error_info", info);
        output.Add(Event(CodexEventKind.Other, CodexNames.RolloutTurnError, at.Time, Key(CodexNames.RolloutTurnError, at.Text), attributes) with { Detail = message });
    }

    private Dictionary<string, object?> Common(string? turnId = null)
    {
        var attributes = new Dictionary<string, object?>(12, StringComparer.Ordinal);
        Put(attributes, CodexNames.Keys.ConversationId, _conversationId);
        Put(attributes, CodexNames.Keys.Model, _model);
        Put(attributes, CodexNames.Keys.Originator, _originator);
        Put(attributes, CodexNames.Keys.AppVersion, _appVersion);
        Put(attributes, CodexNames.Keys.TurnId, turnId ?? _turnId);
        Put(attributes, "rollout.file", fileName);
        return attributes;
    }

    private CodexEvent Event(CodexEventKind kind, string name, DateTimeOffset time, string key, Dictionary<string, object?> attributes) => new()
    {
        Key = key,
        ConversationId = _conversationId!,
        Time = time,
        Kind = kind,
        Name = name,
        Model = _model,
        TurnId = _turnId,
        Attributes = attributes,
        Resource = _resource,
        Source = "rollout",
    };

    private string Key(string name, string line) => EventKey.ForRollout(_conversationId!, name, line);

    private static string? SandboxPolicy(JsonElement context)
    {
        if (!context.TryGetProperty("sandbox_policy", out var policy))
        {
            return null;
        }

        return policy.ValueKind switch
        {
            JsonValueKind.String => policy.GetString(),
            JsonValueKind.Object => RolloutJson.String(policy, "type") ?? RolloutJson.String(policy, "mode") ?? policy.GetRawText(),
            _ => null,
        };
    }

    private static bool TryTime(string text, out DateTimeOffset time) => DateTimeOffset.TryParse(
        text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static void Put(Dictionary<string, object?> map, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            map[key] = value;
        }
    }

    private readonly record struct Line(string Text, DateTimeOffset Time, JsonElement Payload);

    private sealed record MetaLine(string Text, DateTimeOffset Time, string? Cwd, string? Provider, string? Source);

    private sealed record PendingCall(string Text, DateTimeOffset Time, string? Name, string? Arguments, string? TurnId);
}
