using CodexOtel.Metrics;

namespace CodexOtel.Serve;

/// <summary>The listeners <c>serve</c> runs beside its OTLP ports, from its options. A new one is added here.</summary>
internal static class ServeListeners
{
    public static IReadOnlyList<ServeListener> From(ServeOptions options)
    {
        var listeners = new List<ServeListener>();
        if (options.UiAddress is { } ui)
        {
            listeners.Add(new Web.DashboardListener(ListenAddress.Parse(ui, "--ui"), options.DataDir));
        }

        if (options.MetricsAddress is { } metrics)
        {
            listeners.Add(new MetricsListener(ListenAddress.Parse(metrics, "--metrics"), options.Metrics));
        }

        return listeners;
    }
}
