using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Codex;

/// <summary>
/// The attributes of a log record that the normaliser interprets (<see cref="RecordFields.FieldOf"/>). Those kept as
/// text, <see cref="Name"/> to <see cref="TurnId"/>, come first and in one run: <see cref="RecordFields"/> tells them
/// apart by range.
/// </summary>
internal enum RecordField : byte
{
    None,
    Name,
    ConversationId,
    EventKind,
    EventTimestamp,
    Model,
    CallId,
    ToolName,
    Decision,
    DecisionSource,
    Outcome,
    Prompt,
    Arguments,
    Output,
    Response,
    ErrorMessage,
    TurnId,
    Success,
    DurationMs,
    Status,
    InputTokens,
    OutputTokens,
    CachedTokens,
    ReasoningTokens,
    EstimatedUsd,
    Truncated,
}

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

    /// <summary>The searchable text: the prompt, the tool arguments or the agent response.</summary>
    public readonly string? Text => Prompt ?? Arguments ?? Response;

    /// <summary>The searchable detail: the tool output or the error message.</summary>
    public readonly string? Detail => Output ?? ErrorMessage;

    /// <summary>Which field an attribute key fills; <see cref="RecordField.None"/> for keys kept only in the map.</summary>
    public static RecordField FieldOf(string key) => key switch
    {
        CodexNames.Keys.EventName => RecordField.Name,
        CodexNames.Keys.ConversationId => RecordField.ConversationId,
        CodexNames.Keys.EventKind => RecordField.EventKind,
        CodexNames.Keys.EventTimestamp => RecordField.EventTimestamp,
        CodexNames.Keys.Model => RecordField.Model,
        CodexNames.Keys.CallId => RecordField.CallId,
        CodexNames.Keys.ToolName => RecordField.ToolName,
        CodexNames.Keys.Decision => RecordField.Decision,
        CodexNames.Keys.Source => RecordField.DecisionSource,
        CodexNames.Keys.Outcome => RecordField.Outcome,
        CodexNames.Keys.Prompt => RecordField.Prompt,
        CodexNames.Keys.Arguments => RecordField.Arguments,
        CodexNames.Keys.Output => RecordField.Output,
        CodexNames.Keys.Response => RecordField.Response,
        CodexNames.Keys.ErrorMessage => RecordField.ErrorMessage,
        CodexNames.Keys.TurnId => RecordField.TurnId,
        CodexNames.Keys.Success => RecordField.Success,
        CodexNames.Keys.DurationMs => RecordField.DurationMs,
        CodexNames.Keys.StatusCode => RecordField.Status,
        CodexNames.Keys.InputTokens => RecordField.InputTokens,
        CodexNames.Keys.OutputTokens => RecordField.OutputTokens,
        CodexNames.Keys.CachedTokens => RecordField.CachedTokens,
        CodexNames.Keys.ReasoningTokens => RecordField.ReasoningTokens,
        CodexNames.Keys.EstimatedUsd => RecordField.EstimatedUsd,
        CodexNames.Keys.OutputTruncated or CodexNames.Keys.ResponseTruncated => RecordField.Truncated,
        _ => RecordField.None,
    };

    public void Take(string key, AnyValue? value) => Take(FieldOf(key), value);

    public void Take(RecordField field, AnyValue? value)
    {
        if (field is >= RecordField.Name and <= RecordField.TurnId)
        {
            TakeText(field, AnyValues.String(value));
            return;
        }

        switch (field)
        {
            case RecordField.Success: Success = value; break;
            case RecordField.DurationMs: DurationMs = value; break;
            case RecordField.Status: Status = value; break;
            case RecordField.InputTokens: InputTokens = value; break;
            case RecordField.OutputTokens: OutputTokens = value; break;
            case RecordField.CachedTokens: CachedTokens = value; break;
            case RecordField.ReasoningTokens: ReasoningTokens = value; break;
            case RecordField.EstimatedUsd: EstimatedUsd = value; break;
            case RecordField.Truncated: Truncated = value; break;
        }
    }

    /// <summary>A string attribute's value: what <see cref="Take(RecordField, AnyValue?)"/> does with it, without wrapping it first.</summary>
    public void TakeString(RecordField field, string value)
    {
        if (field is >= RecordField.Name and <= RecordField.TurnId)
        {
            TakeText(field, value);
        }
        else
        {
            Take(field, new AnyValue { StringValue = value });
        }
    }

    private void TakeText(RecordField field, string? text)
    {
        switch (field)
        {
            case RecordField.Name: Name = NonEmpty(text); break;
            case RecordField.ConversationId: ConversationId = NonEmpty(text); break;
            case RecordField.EventKind: EventKind = NonEmpty(text); break;
            case RecordField.EventTimestamp: EventTimestamp = NonEmpty(text); break;
            case RecordField.Model: Model = NonEmpty(text); break;
            case RecordField.CallId: CallId = NonEmpty(text); break;
            case RecordField.ToolName: ToolName = NonEmpty(text); break;
            case RecordField.Decision: Decision = NonEmpty(text); break;
            case RecordField.DecisionSource: DecisionSource = NonEmpty(text); break;
            case RecordField.Outcome: Outcome = NonEmpty(text); break;
            case RecordField.Prompt: Prompt = text; break;
            case RecordField.Arguments: Arguments = text; break;
            case RecordField.Output: Output = text; break;
            case RecordField.Response: Response = text; break;
            case RecordField.ErrorMessage: ErrorMessage = NonEmpty(text); break;
            case RecordField.TurnId: TurnId = NonEmpty(text); break;
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

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
