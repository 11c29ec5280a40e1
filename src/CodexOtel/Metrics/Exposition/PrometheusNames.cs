using System.Text;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.Exposition;

/// <summary>
/// OTel metric names and units, and attribute keys, as the collector's Prometheus exporter translates them
/// (<c>pkg/translator/prometheus</c>, with suffixes on): the name split into words on anything but letters and digits;
/// the unit's words appended unless the name has them (<c>ms</c> → <c>milliseconds</c>, <c>By</c> → <c>bytes</c>,
/// <c>{requests}</c> dropped, <c>By/s</c> → <c>bytes_per_second</c>); <c>_total</c> last on a counter; <c>ratio</c>
/// on a gauge of unit <c>1</c>; joined with '_'.
/// </summary>
public static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["1"] = "",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>The Prometheus metric name (for a counter, with <c>_total</c>).</summary>
    public static string MetricName(string otelName, string unit, MetricType type)
    {
        var words = Words(otelName);
        var (main, per) = SplitUnit(unit);
        if (main.Length > 0 && !words.Contains(main))
        {
            words.Add(main);
        }

        if (per.Length > 0 && !words.Contains(per))
        {
            words.Add("per");
            words.Add(per);
        }

        if (type == MetricType.Counter)
        {
            words.RemoveAll(w => w == "total");
            words.Add("total");
        }

        if (type == MetricType.Gauge && unit == "1" && !words.Contains("ratio"))
        {
            words.Add("ratio");
        }

        var name = string.Join('_', words);
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>
    /// A counter's family name in OpenMetrics, which names the family without <c>_total</c> and its sample with it.
    /// </summary>
    public static string FamilyName(MetricDescriptor descriptor) =>
        descriptor.Type == MetricType.Counter && descriptor.PrometheusName.EndsWith("_total", StringComparison.Ordinal)
            ? descriptor.PrometheusName[..^"_total".Length]
            : descriptor.PrometheusName;

    /// <summary>
    /// An attribute key as a label name: anything but [a-zA-Z0-9_] becomes '_'; a leading digit gets <c>key_</c>, a
    /// single leading '_' gets <c>key</c> (names starting "__" are Prometheus' own).
    /// </summary>
    public static string LabelName(string key)
    {
        if (key.Length == 0)
        {
            return key;
        }

        var name = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        var text = name.ToString();
        return char.IsAsciiDigit(text[0]) ? "key_" + text
            : text[0] == '_' && !text.StartsWith("__", StringComparison.Ordinal) ? "key" + text
            : text;
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || !char.IsLetterOrDigit(name[i]))
            {
                if (i > start)
                {
                    words.Add(name[start..i]);
                }

                start = i + 1;
            }
        }

        return words;
    }

    private static (string Main, string Per) SplitUnit(string unit)
    {
        var parts = unit.Split('/', 2);
        var main = UnitWord(parts[0], Units);
        var per = parts.Length > 1 ? UnitWord(parts[1], PerUnits) : "";
        return (main, per);
    }

    // {annotations} are dropped; an unknown unit keeps its letters and digits.
    private static string UnitWord(string unit, Dictionary<string, string> known)
    {
        unit = unit.Trim();
        if (unit.Length == 0 || unit.Contains('{', StringComparison.Ordinal))
        {
            return "";
        }

        return known.TryGetValue(unit, out var word) ? word : string.Join('_', Words(unit));
    }
}
