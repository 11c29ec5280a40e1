namespace CodexOtel.Codex;

/// <summary>
/// The <see cref="ConversationSummary"/> of a merged, time-ordered conversation. Where a value can come from several
/// events, the conversation start wins, then the first event that has it.
/// <list type="bullet">
/// <item>tool calls: ToolResult events;</item>
/// <item>denials: tool calls stopped by a ToolDecision denied/abort, or rejected by Codex's exec policy (one per call);</item>
/// <item>errors: ApiRequest with status ≥ 400, success false or an error message; ToolResult with success false, unless
/// its call was denied; any other event carrying error.message (a failed stream event, a rollout's failed turn);</item>
/// <item>tokens: the sum of ModelResponse tokens, also per model (for pricing).</item>
/// </list>
/// </summary>
internal static class ConversationSummaries
{
    public static ConversationSummary From(string id, List<CodexEvent> events, string source)
    {
        CodexEvent? start = null;
        string? firstPrompt = null;
        string? model = null;
        string? responseModel = null;
        string? effort = null;
        var prompts = 0;
        var toolCalls = 0;
        var errors = 0;
        var tokens = TokenUsage.Zero;
        var byModel = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        var denied = new HashSet<string>(StringComparer.Ordinal);
        var deniedWithoutCallId = 0;

        foreach (var e in events)
        {
            if (IsDenial(e))
            {
                if (e.CallId is { } callId)
                {
                    denied.Add(callId);
                }
                else
                {
                    deniedWithoutCallId++;
                }
            }
        }

        foreach (var e in events)
        {
            model ??= e.Model;
            switch (e.Kind)
            {
                case CodexEventKind.ConversationStart:
                    start ??= e;
                    break;
                case CodexEventKind.UserPrompt:
                    prompts++;
                    firstPrompt ??= e.Text;
                    break;
                case CodexEventKind.ModelResponse when e.Tokens is { } t:
                    tokens += t;
                    responseModel ??= e.Model;
                    effort ??= Text(e, CodexNames.Keys.ModelReasoningEffort);
                    break;
                case CodexEventKind.ToolResult:
                    toolCalls++;
                    break;
            }

            if (IsError(e) && !(e.Kind == CodexEventKind.ToolResult && e.CallId is { } call && denied.Contains(call)))
            {
                errors++;
            }
        }

        var summaryModel = start?.Model ?? responseModel ?? model;
        foreach (var e in events)
        {
            if (e.Kind == CodexEventKind.ModelResponse && e.Tokens is { } t)
            {
                var key = e.Model ?? summaryModel ?? "";
                byModel[key] = byModel.TryGetValue(key, out var sum) ? sum + t : t;
            }
        }

        return new ConversationSummary
        {
            Id = id,
            Started = events[0].Time,
            Ended = events[^1].Time,
            Model = summaryModel,
            Provider = Text(start, CodexNames.Keys.ProviderName),
            Originator = First(events, e => Resource(e, CodexNames.Keys.ServiceName) ?? Text(e, CodexNames.Keys.Originator)),
            AppVersion = First(events, e => Text(e, CodexNames.Keys.AppVersion) ?? Resource(e, CodexNames.Keys.ServiceVersion)),
            Terminal = First(events, e => Text(e, CodexNames.Keys.TerminalType)),
            ApprovalPolicy = Text(start, CodexNames.Keys.ApprovalPolicy),
            SandboxPolicy = Text(start, CodexNames.Keys.SandboxPolicy),
            ReasoningEffort = Text(start, CodexNames.Keys.ReasoningEffort) ?? effort,
            Turns = prompts,
            ToolCalls = toolCalls,
            Denials = denied.Count + deniedWithoutCallId,
            Errors = errors,
            Tokens = tokens,
            TokensByModel = byModel,
            FirstPrompt = firstPrompt,
            Source = source,
        };
    }

    /// <summary>A ToolDecision that stopped the call, or a tool call Codex's exec policy rejected.</summary>
    public static bool IsDenial(CodexEvent e) =>
        e.Kind is CodexEventKind.ToolDecision or CodexEventKind.ToolResult && ToolRejection.IsDenial(e.Decision);

    public static bool IsError(CodexEvent e) => e.Kind switch
    {
        CodexEventKind.ApiRequest => e.Status >= 400 || e.Success == false || e.Detail is not null,
        CodexEventKind.ToolResult => e.Success == false && !ToolRejection.IsDenial(e.Decision),
        CodexEventKind.UserPrompt or CodexEventKind.AgentResponse => false,
        _ => Text(e, CodexNames.Keys.ErrorMessage) is not null,
    };

    private static string? Text(CodexEvent? e, string key) =>
        e is not null && e.Attributes.TryGetValue(key, out var value) && value is not null
            ? value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string? Resource(CodexEvent e, string key) =>
        e.Resource.TryGetValue(key, out var value) ? value as string : null;

    private static string? First(List<CodexEvent> events, Func<CodexEvent, string?> pick)
    {
        foreach (var e in events)
        {
            if (pick(e) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }
}
