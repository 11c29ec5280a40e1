using Microsoft.Net.Http.Headers;

namespace CodexOtel.Metrics.Exposition;

/// <summary>The two text formats a scrape can ask for.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0, for a scraper whose Accept header names application/openmetrics-text.</summary>
    OpenMetrics,
}

public static class ExpositionFormats
{
    public const string PrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>OpenMetrics when the Accept header offers it with a weight above 0 (Prometheus does), else the text format.</summary>
    public static ExpositionFormat Negotiate(IEnumerable<string?> accept)
    {
        foreach (var value in accept)
        {
            if (value is not null && MediaTypeHeaderValue.TryParseList([value], out var types)
                && types.Any(t => t.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) && (t.Quality ?? 1) > 0))
            {
                return ExpositionFormat.OpenMetrics;
            }
        }

        return ExpositionFormat.PrometheusText;
    }

    public static string ContentType(this ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsType : PrometheusTextType;
}
