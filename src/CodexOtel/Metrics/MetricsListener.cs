using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Serve;

namespace CodexOtel.Metrics;

/// <summary>
/// serve's Prometheus endpoint (<c>--metrics</c>): its port answers <see cref="MetricsEndpoint"/> only. Its options
/// go to serve's services, where they tell <c>ServeConsumers</c> to run the metrics consumers.
/// </summary>
internal sealed class MetricsListener(ListenAddress address, MetricsOptions options) : ServeListener(address)
{
    public override string Name => "metrics";

    public override string Flag => "--metrics";

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton(options);
        if (options.SpanMetrics)
        {
            // Spanmetrics' inputs read at ingest; the ledger sink offers them, the spanmetrics consumer takes them.
            services.AddSingleton<SpanHandover>();
        }
    }

    public override void Configure(IApplicationBuilder pipeline) => pipeline.Run(MetricsEndpoint.HandleAsync);

    public override string Describe(Uri address) => $"Metrics     {address.GetLeftPart(UriPartial.Authority)}{MetricsEndpoint.Path}   (Prometheus)";
}
