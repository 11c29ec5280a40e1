using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp;

namespace CodexOtel.Metrics.Usage;

/// <summary>Follows <c>otel-logs.jsonl</c> with <see cref="UsageMetrics"/>, decoding lines as the indexer does.</summary>
internal sealed class UsageConsumer(string dataDir, MetricRegistry registry, PriceTable prices, ILogger log)
    : MetricsConsumer<List<CodexEvent>>(dataDir, registry)
{
    public const string ConsumerName = "metrics-usage";

    private readonly UsageMetrics _metrics = new(registry, ConsumerName, prices);
    private readonly LogLineDecoder _decoder = new(log);

    public override string Name => ConsumerName;

    public override Signal Signal => Signal.Logs;

    public override List<CodexEvent> Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) =>
        _decoder.Decode(lines, claims: null, cancellationToken);

    public override ValueTask ConsumeAsync(List<CodexEvent> batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        foreach (var e in batch)
        {
            _metrics.Consume(e);
        }

        return ValueTask.CompletedTask;
    }
}
