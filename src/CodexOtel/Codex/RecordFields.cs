using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Codex;

/// <summary>
/// The attributes of one log record that the normaliser interprets, picked out in the same single pass that copies
/// every attribute into the event's map (a switch on the key, no per-attribute lookups).
/// </summary>
internal struct RecordFields
{
    public string? Name;
    public string? ConversationId;
    public string? EventKind;
    public string? EventTimestamp;
    public string? Model;
    public string? CallId;
    public string? ToolName;
    public string? Decision;
    public string? DecisionSource;
    public string? Outcome;
    public string? Prompt;
    public string? Arguments;
    public string? Output;
    public string? Response;
    public string? ErrorMessage;
    public string? TurnId;
    public AnyValue? Success;
    public AnyValue? DurationMs;
    public AnyValue? Status;
    public AnyValue? InputTokens;
    public AnyValue? OutputTokens;
    public AnyValue? CachedTokens;
    public AnyValue? ReasoningTokens;
    public AnyValue? EstimatedUsd;
    public AnyValue? Truncated;

    public void Take(string key, AnyValue value)
    {
        switch (key)
        {
            case CodexNames.Keys.EventName: Name = NonEmpty(value); break;
            case CodexNames.Keys.ConversationId: ConversationId = NonEmpty(value); break;
            case CodexNames.Keys.EventKind: EventKind = NonEmpty(value); break;
            case CodexNames.Keys.EventTimestamp: EventTimestamp = NonEmpty(value); break;
            case CodexNames.Keys.Model: Model = NonEmpty(value); break;
            case CodexNames.Keys.CallId: CallId = NonEmpty(value); break;
            case CodexNames.Keys.ToolName: ToolName = NonEmpty(value); break;
            case CodexNames.Keys.Decision: Decision = NonEmpty(value); break;
            case CodexNames.Keys.Source: DecisionSource = NonEmpty(value); break;
            case CodexNames.Keys.Outcome: Outcome = NonEmpty(value); break;
            case CodexNames.Keys.Prompt: Prompt = AnyValues.String(value); break;
            case CodexNames.Keys.Arguments: Arguments = AnyValues.String(value); break;
            case CodexNames.Keys.Output: Output = AnyValues.String(value); break;
            case CodexNames.Keys.Response: Response = AnyValues.String(value); break;
            case CodexNames.Keys.ErrorMessage: ErrorMessage = NonEmpty(value); break;
            case CodexNames.Keys.TurnId: TurnId = NonEmpty(value); break;
            case CodexNames.Keys.Success: Success = value; break;
            case CodexNames.Keys.DurationMs: DurationMs = value; break;
            case CodexNames.Keys.StatusCode: Status = value; break;
            case CodexNames.Keys.InputTokens: InputTokens = value; break;
            case CodexNames.Keys.OutputTokens: OutputTokens = value; break;
            case CodexNames.Keys.CachedTokens: CachedTokens = value; break;
            case CodexNames.Keys.ReasoningTokens: ReasoningTokens = value; break;
            case CodexNames.Keys.EstimatedUsd: EstimatedUsd = value; break;
            case CodexNames.Keys.OutputTruncated or CodexNames.Keys.ResponseTruncated: Truncated = value; break;
        }
    }

    /// <summary>Token counts, when the record has any: input includes cached, output includes reasoning.</summary>
    public readonly TokenUsage? Tokens()
    {
        if (InputTokens is null && OutputTokens is null)
        {
            return null;
        }

        return new TokenUsage(
            AnyValues.Long(InputTokens) ?? 0,
            AnyValues.Long(CachedTokens) ?? 0,
            AnyValues.Long(OutputTokens) ?? 0,
            AnyValues.Long(ReasoningTokens) ?? 0);
    }

    private static string? NonEmpty(AnyValue value)
    {
        var s = AnyValues.String(value);
        return string.IsNullOrEmpty(s) ? null : s;
    }
}
