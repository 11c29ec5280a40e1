using System.Net;
using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Health;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Pipeline;
using CodexOtel.Receivers;
using CodexOtel.Receivers.Grpc;
using CodexOtel.Receivers.Http;
using CodexOtel.Receivers.Keys;
using CodexOtel.Serve.Tls;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CodexOtel.Serve;

/// <summary>
/// The running recorder: OTLP/gRPC and OTLP/HTTP receivers on their own ports, feeding one pipeline (processors, then
/// the ledger), the ledger's consumers (<see cref="ServeConsumers"/>) following it, and the other listeners
/// (<see cref="ServeListeners"/>: dashboard, metrics) each on its own port.
/// </summary>
public sealed class RecorderHost : IAsyncDisposable
{
    /// <summary>
    /// A request body must arrive at 240 bytes/s or more once its first 5 s are over (Kestrel's default, stated here
    /// because the in-flight budget relies on it): a slower one is answered 408 and its connection closed.
    /// </summary>
    private static readonly MinDataRate MinBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    private readonly WebApplication _app;
    private readonly ServeState _state;
    private readonly LedgerConsumerHost? _consumers;
    private readonly ServeRetention? _retention;
    private readonly object _gate = new();
    private Task? _disposal;

    private RecorderHost(WebApplication app, ServeState state, IPEndPoint grpc, IPEndPoint http, ServeOptions options, bool consume)
    {
        _app = app;
        _state = state;
        GrpcEndPoint = grpc;
        HttpEndPoint = http;
        if (consume)
        {
            var logs = app.Services.GetRequiredService<ILoggerFactory>();
            _consumers = new LedgerConsumerHost(state.DataDir, app.Services.GetRequiredService<LedgerWriter>(), logs.CreateLogger("CodexOtel.Consumers"));
            ServeConsumers.AddTo(_consumers, state.DataDir, app.Services);
            if (options.Retention.Enabled)
            {
                var consumers = _consumers;
                _retention = new ServeRetention(
                    state.DataDir,
                    app.Services.GetRequiredService<LedgerWriter>(),
                    options.Retention,
                    options.Ledger.CompressRotated,
                    () => consumers.Positions,
                    logs.CreateLogger("CodexOtel.Retention"));
                _retention.Start();
            }
        }
    }

    public IPEndPoint GrpcEndPoint { get; }

    public IPEndPoint HttpEndPoint { get; }

    public Uri GrpcEndpoint => new($"{_state.Scheme}://{GrpcEndPoint}");

    public Uri HttpEndpoint => new($"{_state.Scheme}://{HttpEndPoint}");

    public ServeState State => _state;

    /// <summary>Stops when the host is stopped (Ctrl-C, SIGTERM) or disposed.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public static Task<RecorderHost> StartAsync(ServeOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, sink: null, cancellationToken);

    /// <summary>Starts the receivers; <paramref name="sink"/> replaces the pipeline and its ledger (benchmarks use a discarding one).</summary>
    /// <exception cref="ServeException">a problem the user can fix: a port in use, a missing API key, a locked folder</exception>
    public static async Task<RecorderHost> StartAsync(ServeOptions options, IExportSink? sink, CancellationToken cancellationToken)
    {
        var grpc = ListenAddress.Parse(options.GrpcAddress, "--grpc");
        var http = ListenAddress.Parse(options.HttpAddress, "--http");

        // The keys file and the certificate are read again when they change; until the host's logging is built, a
        // reload has nowhere to log (the first load fails start-up instead).
        ILogger reloads = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var keys = KeyCheck(options, () => reloads);
        RequireKeyBeyondLoopback(options, keys, grpc, "--grpc");
        RequireKeyBeyondLoopback(options, keys, http, "--http");
        var listeners = ServeListeners.From(options);
        foreach (var listener in listeners.Where(l => !l.GuardsItself))
        {
            RequireKeyBeyondLoopback(options, keys, listener.Address, listener.Flag);
        }

        var folder = DataDirectory.OpenForWriting(options.DataDir);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        RecorderLogging.Configure(builder.Logging, options.LogFormat);
        var tls = options.Tls is null ? null : new ServeTls(options.Tls, () => reloads);
        ListenOptions? grpcListen = null;
        ListenOptions? httpListen = null;
        var bound = new List<(ServeListener Listener, ListenOptions Listen)>();
        var connections = new ConnectionCap(options.Limits.MaxConnections);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Limits.MaxRequestBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(20);
            kestrel.Limits.MinRequestBodyDataRate = MinBodyDataRate;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 32;
            kestrel.Listen(grpc.EndPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(connections.Use);
                tls?.Apply(listen);
                grpcListen = listen;
            });
            kestrel.Listen(http.EndPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(connections.Use);
                tls?.Apply(listen);
                httpListen = listen;
            });
            foreach (var listener in listeners)
            {
                kestrel.Listen(listener.Address.EndPoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(connections.Use);
                    tls?.Apply(listen);
                    bound.Add((listener, listen));
                });
            }
        });

        var services = builder.Services;
        services.AddSingleton(options.Limits);
        services.AddSingleton(connections);
        services.AddSingleton(new InFlightBudget(options.Limits.MaxInFlightBytes));
        services.AddSingleton(keys);
        services.AddSingleton(new MetricRegistry(TimeProvider.System));
        services.AddSingleton<RecorderTelemetry>();
        services.AddSingleton<GrpcAdmission>();
        services.AddSingleton<OtlpHttpReceiver>();
        services.AddSingleton<GrpcExportHandler>();
        if (sink is null)
        {
            services.AddSingleton(sp => LedgerWriter.Open(folder, options.Ledger, sp.GetRequiredService<ILoggerFactory>().CreateLogger("CodexOtel.Ledger"), sp.GetRequiredService<RecorderTelemetry>()));
            services.AddSingleton<IExportSink>(sp => new ExportPipeline(ExportProcessors.Create(options.Redaction), new LedgerSink(sp.GetRequiredService<LedgerWriter>(), options.Ledger) { LineObserver = sp.GetService<SpanHandover>() }));
        }
        else
        {
            services.AddSingleton(sink);
        }

        services.AddGrpc(grpcOptions =>
        {
            grpcOptions.MaxReceiveMessageSize = options.Limits.MaxRequestBytes;
            grpcOptions.EnableDetailedErrors = false;
        });
        services.AddSingleton<IServiceMethodProvider<OtlpGrpcServices>, OtlpGrpcMethodProvider>();
        foreach (var listener in listeners)
        {
            listener.AddServices(services);
        }

        (string Flag, ListenAddress Address)[] addresses = [("--grpc", grpc), ("--http", http), .. listeners.Select(l => (l.Flag, l.Address))];
        var app = builder.Build();
        reloads = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CodexOtel.Reload");
        try
        {
            // Open the ledger (and take its lock) before listening, so a second recorder fails before binding.
            _ = app.Services.GetRequiredService<IExportSink>();
            MapEndpoints(app, bound);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ServeException.Explain(e, addresses) is { } explained)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw explained;
        }

        var grpcBound = (IPEndPoint)grpcListen!.EndPoint;
        var httpBound = (IPEndPoint)httpListen!.EndPoint;
        var state = new ServeState(
            Environment.ProcessId,
            RecorderVersion.Current,
            ListenAddress.Format(grpcBound),
            ListenAddress.Format(httpBound),
            folder.Path,
            DateTimeOffset.Now)
        {
            TlsCertificate = options.Tls?.CertificatePath,
            Listeners = bound.ToDictionary(b => b.Listener.Name, b => ListenAddress.Format((IPEndPoint)b.Listen.EndPoint)),
        };
        state = state with { Banner = [.. bound.Select(b => b.Listener.Describe(new Uri($"{state.Scheme}://{ListenAddress.Format((IPEndPoint)b.Listen.EndPoint)}")))] };
        state.Write();
        return new RecorderHost(app, state, grpcBound, httpBound, options, consume: sink is null);
    }

    /// <summary>Stops accepting, finishes acknowledged writes, stops the ledger's consumers; safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposal ??= StopAsync();
        }

        return new ValueTask(_disposal);
    }

    private async Task StopAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        if (_retention is not null)
        {
            await _retention.DisposeAsync().ConfigureAwait(false);
        }

        if (_consumers is not null)
        {
            await _consumers.DisposeAsync().ConfigureAwait(false);
        }

        _state.Delete();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void MapEndpoints(WebApplication app, List<(ServeListener Listener, ListenOptions Listen)> listeners)
    {
        var admission = app.Services.GetRequiredService<GrpcAdmission>();
        var receiver = app.Services.GetRequiredService<OtlpHttpReceiver>();
        app.Use(app.Services.GetRequiredService<ConnectionCap>().TrackRequestAsync);
        foreach (var (listener, listen) in listeners)
        {
            // Kestrel sets the bound port (port 0 picks one) before it accepts a connection on it.
            app.MapWhen(context => context.Connection.LocalPort == ((IPEndPoint)listen.EndPoint).Port, listener.Configure);
        }

        // Explicit, so that only the OTLP ports reach the gRPC endpoints' routing (WebApplication would otherwise put
        // routing first, before the branches above).
        app.UseRouting();
        app.Use((context, next) =>
        {
            // gRPC needs HTTP/2, which only the gRPC port speaks; on the HTTP port it is just an unknown content type.
            if (GrpcAdmission.IsGrpc(context.Request) && context.Request.Protocol == "HTTP/2")
            {
                return admission.InvokeAsync(context, next);
            }

            return OtlpHttpReceiver.Handles(context.Request.Path) ? receiver.HandleAsync(context) : next(context);
        });
        app.MapGrpcService<OtlpGrpcServices>();
    }

    /// <summary>serve's api_key and the named keys of the data folder's keys file, read again when it changes.</summary>
    private static ApiKeyCheck KeyCheck(ServeOptions options, Func<ILogger> log)
    {
        var path = KeyFile.PathIn(DataDirectory.FullPath(options.DataDir));
        try
        {
            var named = new ReloadingFiles<IReadOnlyList<ApiKeyRecord>>([path], p => KeyFile.Read(p[0]), log);
            return new ApiKeyCheck(options.ApiKey, () => named.Current);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ServeException($"cannot read the keys file: {e.Message}", $"list or fix it with codex-otel keys list --data {options.DataDir}");
        }
    }

    private static void RequireKeyBeyondLoopback(ServeOptions options, ApiKeyCheck keys, ListenAddress address, string flag)
    {
        if (!address.IsLoopback && !keys.Required && !options.Insecure)
        {
            var given = options.ApiKey is null ? "" : " (the one given is empty, which any client could send)";
            throw new ServeException(
                $"{flag} {address.Text} accepts connections from other machines, so it needs an API key{given}.",
                $"make a key for each sender with codex-otel keys add NAME, or codex-otel serve {flag} {address.Text} --api-key <secret>   (clients send Authorization: Bearer <secret>), or add --insecure");
        }
    }
}
