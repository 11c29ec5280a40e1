using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Metrics;
using CodexOtel.Metrics.Cumulative;
using CodexOtel.Metrics.Health;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Metrics.Usage;
using CodexOtel.Pipeline;
using CodexOtel.Store;
using CodexOtel.Web;

namespace CodexOtel.Consumers;

/// <summary>The consumers <c>serve</c> runs on its ledger. A new one (metrics, forwarding, the live feed) is added here.</summary>
internal static class ServeConsumers
{
    /// <summary>Starts them; <paramref name="services"/> are serve's, where what a consumer shares with a listener (<c>Serve/ServeListener</c>) is.</summary>
    public static void AddTo(LedgerConsumerHost host, string dataDir, IServiceProvider services)
    {
        var logs = services.GetRequiredService<ILoggerFactory>();
        // The conversation index follows the ledger, so queries see a record moments after its acknowledgement.
        var live = services.GetService<LiveFeed>();
        host.Add(new IndexConsumer(dataDir, () => ConversationStores.Open(dataDir), new LedgerIndexerOptions(), logs.CreateLogger("CodexOtel.Indexing"))
        {
            // The dashboard's open pages reload what they show once the index holds what was recorded.
            CaughtUp = live is null ? null : live.PublishIndexed,
        });
        if (live is not null)
        {
            // Each committed batch of events to the dashboard's open pages, as it arrives.
            host.Add(new LiveFeedConsumer(dataDir, live));
        }

        AddMetrics(host, dataDir, services, logs.CreateLogger("CodexOtel.Metrics"));
    }

    // Only with the Prometheus endpoint on (its listener puts the [metrics] options in the services).
    private static void AddMetrics(LedgerConsumerHost host, string dataDir, IServiceProvider services, ILogger log)
    {
        if (services.GetService<MetricsOptions>() is not { } options)
        {
            return;
        }

        var registry = services.GetRequiredService<MetricRegistry>();
        if (options.SpanMetrics)
        {
            host.Add(new SpanMetricsConsumer(
                dataDir, registry, services.GetRequiredService<IExportSink>(), options.SpanMetricsFlushInterval, log, services.GetService<SpanHandover>()));
        }

        host.Add(new ClientMetricsConsumer(dataDir, registry, options, log));
        host.Add(new UsageConsumer(dataDir, registry, Prices(log), log));
        ConsumerLag.Register(dataDir, () => host.Positions, registry);
        ProcessMetrics.Register(registry);
    }

    private static PriceTable Prices(ILogger log)
    {
        try
        {
            return PriceTable.Load();
        }
        catch (PriceFileException e)
        {
            log.LogWarning("metrics: the price file is not usable ({Reason}); costs use the built-in prices", e.Message);
            return PriceTable.BuiltIn;
        }
    }
}
