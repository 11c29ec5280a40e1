namespace CodexOtel.Codex;

/// <summary>The event names and attribute keys Codex uses in its telemetry (observed from Codex 0.169).</summary>
public static class CodexNames
{
    public const string ConversationStarts = "codex.conversation_starts";
    public const string UserPrompt = "codex.user_prompt";
    public const string ApiRequest = "codex.api_request";
    public const string WebsocketRequest = "codex.websocket_request";
    public const string SseEvent = "codex.sse_event";
    public const string WebsocketEvent = "codex.websocket_event";
    public const string ToolDecision = "codex.tool_decision";
    public const string ToolResult = "codex.tool_result";
    public const string SandboxOutcome = "codex.sandbox_outcome";
    public const string AgentResponse = "codex.agent_response";
    public const string TurnCost = "codex.turn_cost";

    /// <summary>Not a Codex telemetry name: a turn that failed, as a rollout file records it (task_complete.error).</summary>
    public const string RolloutTurnError = "rollout.turn_error";

    /// <summary>The stream event that carries token counts (in the second of the two records Codex sends for it).</summary>
    public const string ResponseCompleted = "response.completed";

    /// <summary>What <see cref="CodexEvent.DecisionSource"/> says when a command was rejected by Codex's exec policy.</summary>
    public const string PolicySource = "policy";

    /// <summary>What <see cref="CodexEvent.DecisionSource"/> says on a codex.sandbox_outcome event.</summary>
    public const string SandboxSource = "sandbox";

    /// <summary>What Codex logs instead of the prompt when <c>log_user_prompt</c> is off.</summary>
    public const string Redacted = "[REDACTED]";

    /// <summary>Attribute keys.</summary>
    public static class Keys
    {
        public const string EventName = "event.name";
        public const string EventKind = "event.kind";
        public const string EventTimestamp = "event.timestamp";
        public const string ConversationId = "conversation.id";
        public const string AppVersion = "app.version";
        public const string Originator = "originator";
        public const string TerminalType = "terminal.type";
        public const string Model = "model";
        public const string ProviderName = "provider_name";
        public const string ReasoningEffort = "reasoning_effort";
        public const string ModelReasoningEffort = "model_reasoning_effort";
        public const string ApprovalPolicy = "approval_policy";
        public const string SandboxPolicy = "sandbox_policy";
        public const string Prompt = "prompt";
        public const string PromptLength = "prompt_length";
        public const string DurationMs = "duration_ms";
        public const string StatusCode = "http.response.status_code";
        public const string Attempt = "attempt";
        public const string ErrorMessage = "error.message";
        public const string InputTokens = "input_token_count";
        public const string OutputTokens = "output_token_count";
        public const string CachedTokens = "cached_token_count";
        public const string ReasoningTokens = "reasoning_token_count";
        public const string ToolTokens = "tool_token_count";
        public const string ToolName = "tool_name";
        public const string CallId = "call_id";
        public const string Decision = "decision";
        public const string Source = "source";
        public const string Outcome = "outcome";
        public const string Success = "success";
        public const string Arguments = "arguments";
        public const string Output = "output";
        public const string OutputTruncated = "output_truncated";
        public const string Response = "response";
        public const string ResponseLength = "response_length";
        public const string ResponseTruncated = "response_truncated";
        public const string TurnId = "turn.id";
        public const string EstimatedUsd = "usage.estimated_usd";
        public const string ServiceName = "service.name";
        public const string ServiceVersion = "service.version";
    }
}
