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
                if (descriptor.Type == MetricType.Histogram)
                {
                    WriteHistogram(name, series);
                }
                else
                {
                    WriteSample(descriptor.PrometheusName, series.Labels, null, series.Value);
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

    private void WriteHistogram(string name, MetricSeries series)
    {
        var cumulative = 0UL;
        for (var i = 0; i < series.Bounds.Length; i++)
        {
            cumulative += i < series.BucketCounts.Length ? series.BucketCounts[i] : 0;
            WriteSample(name + "_bucket", series.Labels, Bound(series.Bounds[i]), cumulative);
        }

        WriteSample(name + "_bucket", series.Labels, "+Inf", series.Count);
        WriteSample(name + "_sum", series.Labels, null, series.Sum);
        WriteSample(name + "_count", series.Labels, null, series.Count);
    }

    private void WriteSample(string name, LabelSet labels, string? le, double value)
    {
        _text.Append(name);
        if (labels.Labels.Count > 0 || le is not null)
        {
            _text.Append('{');
            var first = true;
            foreach (var (label, text) in labels.Labels)
            {
                if (label == "le" && le is not null)
                {
                    continue; // the bucket's own le wins over an attribute of that name
                }

                if (!first)
                {
                    _text.Append(',');
                }

                first = false;
                _text.Append(label).Append("=\"");
                EscapeLabelValue(text);
                _text.Append('"');
            }

            if (le is not null)
            {
                _text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Number(value)).Append('\n');
    }

    // OpenMetrics wants a bucket's le as a float ("2.0"), as client_golang writes it; the text format as Go prints it.
    private string Bound(double bound) =>
        format == ExpositionFormat.OpenMetrics && double.IsFinite(bound) && bound == Math.Floor(bound) && Math.Abs(bound) < 1e15
            ? bound.ToString("0.0", CultureInfo.InvariantCulture)
            : Number(bound);

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private void EscapeLabelValue(string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '"' => _text.Append("\\\""),
                '\n' => _text.Append("\\n"),
                _ => _text.Append(c),
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
