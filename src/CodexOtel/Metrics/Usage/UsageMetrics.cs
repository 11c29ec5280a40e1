using CodexOtel.Codex;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.Usage;

/// <summary>
/// Codex usage as metrics, derived from its log events (<see cref="CodexEvent"/>), so they exist when Codex sends no
/// metrics of its own (its metrics exporter is often unset). Named <c>codex_otel.*</c>, never colliding with Codex's
/// <c>codex.*</c>. Tokens are counted as Codex reports them: input includes cached input, output includes reasoning.
/// </summary>
internal sealed class UsageMetrics
{
    public static readonly MetricDescriptor Tokens = new("codex_otel.tokens", "{tokens}", "Tokens by model and kind (input includes cached_input, output includes reasoning)", MetricType.Counter);
    public static readonly MetricDescriptor Cost = new("codex_otel.cost.usd", "{USD}", "Estimated cost in US dollars by model, from the price table", MetricType.Counter);
    public static readonly MetricDescriptor Conversations = new("codex_otel.conversations", "{conversations}", "Conversations started, by model and originator", MetricType.Counter);
    public static readonly MetricDescriptor Turns = new("codex_otel.turns", "{turns}", "Turns (user prompts), by model", MetricType.Counter);
    public static readonly MetricDescriptor ToolCalls = new("codex_otel.tool.calls", "{calls}", "Tool calls by tool, decision and success", MetricType.Counter);
    public static readonly MetricDescriptor ToolDuration = new("codex_otel.tool.duration", "ms", "Tool call durations by tool", MetricType.Histogram) { Bounds = HistogramBounds.SpanMetricsMilliseconds };
    public static readonly MetricDescriptor ApiDuration = new("codex_otel.api.request.duration", "ms", "Model API request latency by model", MetricType.Histogram) { Bounds = HistogramBounds.SpanMetricsMilliseconds };
    public static readonly MetricDescriptor ApiErrors = new("codex_otel.api.errors", "{errors}", "Model API requests that failed, by model and HTTP status", MetricType.Counter);
    public static readonly MetricDescriptor ConversationCost = new("codex_otel.conversation.cost.usd", "{USD}", "Estimated cost of each recent conversation (the 200 most recent of the last 7 days)", MetricType.Gauge);

    /// <summary>Tool decisions waiting for their result, by call id; older ones are forgotten past this many.</summary>
    private const int MaxPendingDecisions = 4096;

    private readonly MetricRegistry _registry;
    private readonly PriceTable _prices;
    private readonly MetricFamily _tokens, _cost, _conversations, _turns, _toolCalls, _toolDuration, _apiDuration, _apiErrors, _conversationCost;
    private readonly Dictionary<string, string> _decisions = new(StringComparer.Ordinal);
    private readonly Queue<string> _decisionOrder = new();

    public UsageMetrics(MetricRegistry registry, string owner, PriceTable prices)
    {
        _registry = registry;
        _prices = prices;
        _tokens = registry.Own(Tokens, owner);
        _cost = registry.Own(Cost, owner);
        _conversations = registry.Own(Conversations, owner);
        _turns = registry.Own(Turns, owner);
        _toolCalls = registry.Own(ToolCalls, owner);
        _toolDuration = registry.Own(ToolDuration, owner);
        _apiDuration = registry.Own(ApiDuration, owner);
        _apiErrors = registry.Own(ApiErrors, owner);
        _conversationCost = registry.Own(ConversationCost, owner, new FamilyLimits
        {
            MaxSeries = 1000,
            EvictOldest = true,
            ExposeMostRecent = 200,
            StaleAfter = TimeSpan.FromDays(7),
        });
    }

    public void Consume(CodexEvent e)
    {
        var time = e.Time.ToUnixTimeMilliseconds() * 1_000_000;
        var model = e.Model is { Length: > 0 } m ? m : "unknown";
        switch (e.Kind)
        {
            case CodexEventKind.ConversationStart:
                Add(_conversations, time, 1, ("model", model), ("originator", Originator(e)));
                break;
            case CodexEventKind.UserPrompt:
                Add(_turns, time, 1, ("model", model));
                break;
            case CodexEventKind.ModelResponse when e.Tokens is { } tokens:
                CountTokens(e, time, model, tokens);
                break;
            case CodexEventKind.ToolDecision when e.CallId is { } callId && e.Decision is { } decision:
                RememberDecision(callId, decision);
                break;
            case CodexEventKind.ToolResult:
                CountToolResult(e, time);
                break;
            case CodexEventKind.ApiRequest:
                CountApiRequest(e, time, model);
                break;
        }
    }

    private static string Originator(CodexEvent e) =>
        (e.Attributes.GetValueOrDefault(CodexNames.Keys.Originator) ?? e.Resource.GetValueOrDefault(CodexNames.Keys.ServiceName)) as string ?? "unknown";

    private void CountTokens(CodexEvent e, long time, string model, TokenUsage tokens)
    {
        Add(_tokens, time, tokens.Input, ("model", model), ("kind", "input"));
        Add(_tokens, time, tokens.CachedInput, ("model", model), ("kind", "cached_input"));
        Add(_tokens, time, tokens.Output, ("model", model), ("kind", "output"));
        Add(_tokens, time, tokens.Reasoning, ("model", model), ("kind", "reasoning"));
        if (_prices.Cost(model, tokens) is { } cost)
        {
            Add(_cost, time, (double)cost, ("model", model));
            Add(_conversationCost, time, (double)cost, ("conversation_id", e.ConversationId), ("model", model));
        }
    }

    private void CountToolResult(CodexEvent e, long time)
    {
        var tool = e.Tool ?? "unknown";
        var decision = e.CallId is { } callId && _decisions.Remove(callId, out var decided) ? decided : e.Decision ?? "none";
        Add(_toolCalls, time, 1, ("tool", tool), ("decision", decision), ("success", e.Success == true ? "true" : "false"));
        if (e.DurationMs is { } ms)
        {
            Observe(_toolDuration, time, ms, ("tool", tool));
        }
    }

    private void CountApiRequest(CodexEvent e, long time, string model)
    {
        if (e.DurationMs is { } ms)
        {
            Observe(_apiDuration, time, ms, ("model", model));
        }

        if (e.Status is >= 400 || (e.Status is null && e.Detail is { Length: > 0 }))
        {
            Add(_apiErrors, time, 1, ("model", model), ("status", e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error"));
        }
    }

    private void RememberDecision(string callId, string decision)
    {
        if (_decisions.TryAdd(callId, decision))
        {
            _decisionOrder.Enqueue(callId);
        }
        else
        {
            _decisions[callId] = decision;
        }

        while (_decisionOrder.Count > MaxPendingDecisions)
        {
            _decisions.Remove(_decisionOrder.Dequeue());
        }
    }

    private static void Add(MetricFamily family, long time, double value, params (string Name, string Value)[] labels)
    {
        lock (family.Gate)
        {
            if (family.Find(LabelSet.Of(labels), time) is { } series)
            {
                series.Value += value;
                series.TimeUnixNano = Math.Max(series.TimeUnixNano, time);
            }
        }
    }

    private static void Observe(MetricFamily family, long time, double value, params (string Name, string Value)[] labels)
    {
        lock (family.Gate)
        {
            if (family.Find(LabelSet.Of(labels), time) is { } series)
            {
                series.Observe(value);
                series.TimeUnixNano = Math.Max(series.TimeUnixNano, time);
            }
        }
    }
}
