namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// What the spanmetrics consumer counts of a batch of lines, in ledger order: the inputs handed over at ingest as they
/// are, and between them inputs filled from the lines it read. Kept as parts rather than copied into one input: a batch
/// of 8 MB of lines holds thousands of spans, and one list of them would be a large-object allocation every batch.
/// </summary>
internal sealed class SpanMetricsBatch
{
    private readonly List<SpanMetricsInput> _parts = [];
    private SpanMetricsInput? _reading;

    public IReadOnlyList<SpanMetricsInput> Parts => _parts;

    /// <summary>The part the next line read goes into.</summary>
    public SpanMetricsInput Reading
    {
        get
        {
            if (_reading is null)
            {
                _reading = new SpanMetricsInput();
                _parts.Add(_reading);
            }

            return _reading;
        }
    }

    /// <summary>Adds an input handed over at ingest; lines read after it go into a part after it.</summary>
    public void AddHeld(SpanMetricsInput input)
    {
        _parts.Add(input);
        _reading = null;
    }
}
