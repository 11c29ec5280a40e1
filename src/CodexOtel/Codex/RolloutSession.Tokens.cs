using System.Text.Json;

namespace CodexOtel.Codex;

/// <summary>Token usage: one ModelResponse per model response, from event_msg token_count.</summary>
internal sealed partial class RolloutSession
{
    // last_token_usage is one response's usage; a repeat with an unchanged cumulative total is the same response again.
    private void TokenCount(Line at, List<CodexEvent> output)
    {
        if (_conversationId is null || RolloutJson.Object(at.Payload, "info") is not { } info)
        {
            return;
        }

        var total = Usage(RolloutJson.Object(info, "total_token_usage"));
        var last = Usage(RolloutJson.Object(info, "last_token_usage"));
        if (total is not null && total == _lastTotal)
        {
            return;
        }

        var usage = last ?? (total is { } t ? Minus(t, _lastTotal ?? TokenUsage.Zero) : null);
        _lastTotal = total ?? _lastTotal;
        if (usage is not { } u)
        {
            return;
        }

        var attributes = Common();
        attributes[CodexNames.Keys.EventKind] = CodexNames.ResponseCompleted;
        attributes[CodexNames.Keys.InputTokens] = u.Input;
        attributes[CodexNames.Keys.OutputTokens] = u.Output;
        attributes[CodexNames.Keys.CachedTokens] = u.CachedInput;
        attributes[CodexNames.Keys.ReasoningTokens] = u.Reasoning;
        attributes[CodexNames.Keys.ToolTokens] = u.Total;
        output.Add(Event(CodexEventKind.ModelResponse, CodexNames.SseEvent, at.Time, Key(CodexNames.SseEvent, at.Text), attributes) with { Tokens = u });
    }

    private static TokenUsage? Usage(JsonElement? usage) => usage is { } u && RolloutJson.Long(u, "input_tokens") is { } input
        ? new TokenUsage(
            input,
            RolloutJson.Long(u, "cached_input_tokens") ?? 0,
            RolloutJson.Long(u, "output_tokens") ?? 0,
            RolloutJson.Long(u, "reasoning_output_tokens") ?? 0)
        : null;

    private static TokenUsage Minus(TokenUsage a, TokenUsage b) =>
        new(a.Input - b.Input, a.CachedInput - b.CachedInput, a.Output - b.Output, a.Reasoning - b.Reasoning);
}
