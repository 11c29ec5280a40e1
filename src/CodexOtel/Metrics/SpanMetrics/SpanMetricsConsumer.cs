using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Follows <c>otel-traces.jsonl</c> with the <see cref="SpanMetricsConnector"/>, and every flush interval writes its
/// series to <c>otel-metrics.jsonl</c> through the pipeline (so they are chained like any record), as the seed's
/// collector pipeline traces → spanmetrics → file did.
/// </summary>
internal sealed class SpanMetricsConsumer(string dataDir, MetricRegistry registry, IExportSink sink, TimeSpan flushInterval, ILogger log, SpanHandover? handover = null)
    : MetricsConsumer<SpanMetricsBatch>(dataDir, registry), ILedgerInPlaceConsumer<SpanMetricsBatch>
{
    public const string ConsumerName = "metrics-spans";

    private readonly SpanMetricsConnector _connector = new(registry, ConsumerName);
    private readonly CancellationTokenSource _stop = new();
    private Task? _flushing;

    public override string Name => ConsumerName;

    public override Signal Signal => Signal.Traces;

    public override ValueTask<bool> StartAsync(CancellationToken cancellationToken)
    {
        _flushing = Task.Run(() => FlushEveryIntervalAsync(_stop.Token), CancellationToken.None);
        return ValueTask.FromResult(true);
    }

    // A batch holds a few dozen bytes a span; larger batches mean fewer reads of the active segment.
    public int BatchBytes => 8 << 20;

    public SpanMetricsBatch NewBatch() => new();

    /// <summary>
    /// What the connector needs of a line serve read at ingest (<see cref="SpanHandover"/>): taken, and the line is not read.
    /// </summary>
    public long AddHeld(SpanMetricsBatch batch, string segmentId, long start, long limit)
    {
        if (handover?.TakeAt(segmentId, start, limit) is not var (end, input))
        {
            return -1;
        }

        batch.AddHeld(input);
        return end;
    }

    /// <summary>
    /// What the connector needs of any other line, read straight from its bytes in place (<see cref="SpanLineReader"/>);
    /// a line the reader declines is decoded in full, and one that does not decode is logged and skipped.
    /// </summary>
    public void Add(SpanMetricsBatch batch, ReadOnlySpan<byte> line, LedgerCheckpoint after)
    {
        if (!SpanLineReader.TryRead(line, batch.Reading) && Decode(line, after, OtlpJsonDecoder.DecodeTraces, log) is { } request)
        {
            batch.Reading.Add(request);
        }
    }

    public override SpanMetricsBatch Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) =>
        ILedgerInPlaceConsumer<SpanMetricsBatch>.AddEach(this, lines);

    /// <summary>Counts the batch's parts in order; each then goes back to the handover's pool, for the next request's spans.</summary>
    public override ValueTask ConsumeAsync(SpanMetricsBatch batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        foreach (var part in batch.Parts)
        {
            _connector.Consume(part);
            handover?.Return(part);
        }

        return ValueTask.CompletedTask;
    }

    public override async ValueTask StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_flushing is not null)
        {
            await _flushing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await FlushAsync().ConfigureAwait(false);
        _stop.Dispose();
        await base.StopAsync().ConfigureAwait(false);
    }

    private async Task FlushEveryIntervalAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(flushInterval, Registry.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped; StopAsync flushes once more.
        }
    }

    private async Task FlushAsync()
    {
        if (_connector.Flush() is not { } request)
        {
            return;
        }

        try
        {
            await sink.ExportAsync(Signal.Metrics, request, sender: null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ExportRefusedException or ObjectDisposedException or InvalidOperationException)
        {
            // The ledger is busy or closing: the series are cumulative, the next flush carries them.
            log.LogWarning("spanmetrics: could not write to the metrics ledger: {Reason}", e.Message);
        }
    }
}
