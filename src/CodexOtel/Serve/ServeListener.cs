namespace CodexOtel.Serve;

/// <summary>
/// A port of <c>serve</c> beside the OTLP ones, with its own request pipeline: the dashboard, the Prometheus endpoint.
/// Requests are routed by the port they arrived on, never by their Host header, so an OTLP port cannot reach a
/// listener's pages and a listener cannot reach the receivers. <see cref="ServeListeners"/> says which ones run.
/// </summary>
public abstract class ServeListener(ListenAddress address)
{
    /// <summary>Names it in <c>serve.json</c>, logs and errors: lower case, e.g. "ui".</summary>
    public abstract string Name { get; }

    /// <summary>The flag that sets its address, for errors that name the fix (e.g. "--ui").</summary>
    public abstract string Flag { get; }

    public ListenAddress Address => address;

    /// <summary>
    /// Whether it checks who may use it by itself (the dashboard's login token), so that it may listen beyond loopback
    /// without serve's --api-key. A listener that does not serves anyone who can reach its port.
    /// </summary>
    public virtual bool GuardsItself => false;

    /// <summary>Adds what its pipeline and its ledger consumers share (e.g. a live feed) to the host's services.</summary>
    public virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>Builds its own pipeline: middleware and endpoints that only requests to its port reach.</summary>
    public abstract void Configure(IApplicationBuilder pipeline);

    /// <summary>Its line in serve's banner, once it listens at <paramref name="address"/> (http or https, the bound port).</summary>
    public abstract string Describe(Uri address);
}
