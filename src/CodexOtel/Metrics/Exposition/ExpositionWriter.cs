using System.Globalization;
using System.Text;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.Exposition;

/// <summary>
/// Writes families in the Prometheus text format 0.0.4 or OpenMetrics 1.0: HELP and TYPE per family, a counter's
/// family named without <c>_total</c> in OpenMetrics (its sample keeps it), histograms as cumulative <c>_bucket</c>
/// samples with an inclusive <c>le</c> up to <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>; label values escaped
/// (\\, \", \n); OpenMetrics ends with <c># EOF</c>. Each family is written under its lock, into memory.
/// </summary>
public sealed class ExpositionWriter(ExpositionFormat format)
{
    private readonly StringBuilder _text = new(1 << 16);
    private readonly StringBuilder _labels = new(256);

    // A histogram's le values, formatted once per bounds array (families of this program share one).
    private readonly Dictionary<double[], string[]> _bounds = new(ReferenceEqualityComparer.Instance);

    public static string Write(IReadOnlyList<MetricFamily> families, ExpositionFormat format, long nowUnixNano)
    {
        var writer = new ExpositionWriter(format);
        foreach (var family in families)
        {
            writer.Write(family, nowUnixNano);
        }

        return writer.Finish();
    }

    public void Write(MetricFamily family, long nowUnixNano)
    {
        lock (family.Gate)
        {
            family.DropStale(nowUnixNano);
            if (family.Count == 0)
            {
                return;
            }

            var descriptor = family.Descriptor;
            var name = format == ExpositionFormat.OpenMetrics ? PrometheusNames.FamilyName(descriptor) : descriptor.PrometheusName;
            _text.Append("# HELP ").Append(name).Append(' ');
            EscapeHelp(descriptor.Description.Length > 0 ? descriptor.Description : descriptor.OtelName);
            _text.Append('\n');
            _text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(descriptor.Type)).Append('\n');
            foreach (var series in family.Exposed())
            {
                var labels = LabelText(series.Labels, histogram: descriptor.Type == MetricType.Histogram);
                if (descriptor.Type == MetricType.Histogram)
                {
                    WriteHistogram(name, labels, series);
                }
                else
                {
                    WriteSample(descriptor.PrometheusName, "", labels, null, series.Value);
                }
            }
        }
    }

    public string Finish()
    {
        if (format == ExpositionFormat.OpenMetrics)
        {
            _text.Append("# EOF\n");
        }

        return _text.ToString();
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };

    private void WriteHistogram(string name, string labels, MetricSeries series)
    {
        var bounds = Bounds(series.Bounds);
        var cumulative = 0UL;
        for (var i = 0; i < series.Bounds.Length; i++)
        {
            cumulative += i < series.BucketCounts.Length ? series.BucketCounts[i] : 0;
            WriteSample(name, "_bucket", labels, bounds[i], cumulative);
        }

        WriteSample(name, "_bucket", labels, "+Inf", series.Count);
        WriteSample(name, "_sum", labels, null, series.Sum);
        WriteSample(name, "_count", labels, null, series.Count);
    }

    /// <summary>A series' labels as they go between the braces, escaped once for all of its samples.</summary>
    private string LabelText(LabelSet labels, bool histogram)
    {
        _labels.Clear();
        foreach (var (label, value) in labels.Labels)
        {
            if (histogram && label == "le")
            {
                continue; // the bucket's own le wins over an attribute of that name
            }

            if (_labels.Length > 0)
            {
                _labels.Append(',');
            }

            _labels.Append(label).Append("=\"");
            EscapeLabelValue(value);
            _labels.Append('"');
        }

        return _labels.ToString();
    }

    private void WriteSample(string name, string suffix, string labels, string? le, double value)
    {
        _text.Append(name).Append(suffix);
        if (labels.Length > 0 || le is not null)
        {
            _text.Append('{').Append(labels);
            if (le is not null)
            {
                _text.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ');
        AppendNumber(value);
        _text.Append('\n');
    }

    private string[] Bounds(double[] bounds)
    {
        if (!_bounds.TryGetValue(bounds, out var text))
        {
            text = [.. bounds.Select(Bound)];
            _bounds[bounds] = text;
        }

        return text;
    }

    // OpenMetrics wants a bucket's le as a float ("2.0"), as client_golang writes it; the text format as Go prints it.
    private string Bound(double bound) =>
        format == ExpositionFormat.OpenMetrics && double.IsFinite(bound) && bound == Math.Floor(bound) && Math.Abs(bound) < 1e15
            ? bound.ToString("0.0", CultureInfo.InvariantCulture)
            : Number(bound);

    private void AppendNumber(double value)
    {
        // Counts and most sums are whole: written as integers, without the cost of a round-trip float format.
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            _text.Append(CultureInfo.InvariantCulture, $"{(long)value}");
        }
        else if (double.IsFinite(value))
        {
            _text.Append(CultureInfo.InvariantCulture, $"{value:R}");
        }
        else
        {
            _text.Append(Number(value));
        }
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private void EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            _labels.Append(value);
            return;
        }

        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => _labels.Append("\\\\"),
                '"' => _labels.Append("\\\""),
                '\n' => _labels.Append("\\n"),
                _ => _labels.Append(c),
            };
        }
    }

    // The text format escapes \ and newline in HELP; OpenMetrics also the double quote.
    private void EscapeHelp(string help)
    {
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '\n' => _text.Append("\\n"),
                '"' when format == ExpositionFormat.OpenMetrics => _text.Append("\\\""),
                _ => _text.Append(c),
            };
        }
    }
}
