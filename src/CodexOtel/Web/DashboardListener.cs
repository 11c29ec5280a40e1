using CodexOtel.Receivers;
using CodexOtel.Serve;

namespace CodexOtel.Web;

/// <summary>
/// The dashboard's port (<c>--ui</c>): its pages, their JSON API and the live feed, on a pipeline of its own. On a
/// loopback address anyone on this machine may use it (as the OTLP ports); beyond loopback it asks for the login token
/// the banner prints, or a read token (<see cref="DashboardAuth"/>), so it needs no --api-key.
/// </summary>
internal sealed class DashboardListener(ListenAddress address, string dataDir) : ServeListener(address)
{
    private readonly DashboardAuth _auth = DashboardAuth.For(address);

    public override string Name => "ui";

    public override string Flag => "--ui";

    public override bool GuardsItself => true;

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton(new LiveFeed());
        services.AddSingleton(_ => new DashboardData(dataDir));
    }

    public override void Configure(IApplicationBuilder pipeline)
    {
        var routes = new DashboardRoutes(
            pipeline.ApplicationServices.GetRequiredService<DashboardData>(),
            pipeline.ApplicationServices.GetRequiredService<LiveFeed>(),
            DashboardAssets.Load());
        pipeline.Use(SecurityHeaders.ApplyAsync);
        var keys = pipeline.ApplicationServices.GetRequiredService<ApiKeyCheck>();
        pipeline.Use((context, next) => _auth.AdmitAsync(context, next, Address.IsLoopback, keys));
        pipeline.Run(routes.HandleAsync);
    }

    public override string Describe(Uri address) =>
        _auth.Token is { } token
            ? $"Dashboard   {DashboardAuth.LoginUrl(address, token)}   (the token logs the browser in)"
            : $"Dashboard   {address.GetLeftPart(UriPartial.Authority)}/";
}
