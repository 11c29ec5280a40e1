using System.Diagnostics;
using CodexOtel.Tests.E2E.Support;
using YamlDotNet.RepresentationModel;

namespace CodexOtel.Tests.Deploy;

/// <summary>
/// The compose stack's files hold together: Grafana provisions the data source the dashboard names and loads the
/// dashboard from where compose mounts it; Prometheus' config passes promtool and scrapes the recorder with its key.
/// Docker and Grafana do not run on our machines, so this is what can be checked of them.
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly YamlMappingNode Compose = DeployFiles.Yaml("docker-compose.yaml");

    [Fact]
    public void Grafana_provisions_one_Prometheus_data_source_with_a_fixed_uid_at_the_compose_service()
    {
        var file = DeployFiles.Yaml("grafana", "provisioning", "datasources", "prometheus.yaml");
        Assert.Equal("1", file.Text("apiVersion"));
        var source = Assert.Single(((YamlSequenceNode)file.At("datasources")).Children);
        Assert.Equal("prometheus", source.Text("type"));
        Assert.Equal("proxy", source.Text("access"));
        Assert.Equal("codex-otel-prometheus", source.Text("uid"));
        Assert.Equal("http://prometheus:9090", source.Text("url"));
        Assert.Equal("prom/prometheus", Compose.Text("services", "prometheus", "image").Split(':')[0]);

        // Grafana's $__rate_interval is at least four scrape intervals: it must know Prometheus' interval.
        var interval = DeployFiles.Yaml("prometheus", "prometheus.yml").Text("scrape_configs", 0, "scrape_interval");
        Assert.Equal(interval, source.Text("jsonData", "timeInterval"));
    }

    [Fact]
    public void Grafana_loads_the_dashboard_from_the_folder_compose_mounts_it_in()
    {
        var file = DeployFiles.Yaml("grafana", "provisioning", "dashboards", "codex-otel.yaml");
        Assert.Equal("1", file.Text("apiVersion"));
        var provider = Assert.Single(((YamlSequenceNode)file.At("providers")).Children);
        Assert.Equal("file", provider.Text("type"));
        var path = provider.Text("options", "path");

        var grafana = Compose.At("services", "grafana");
        var mounts = Mounts(grafana);
        Assert.Equal(path, mounts["./grafana/dashboards"]);
        Assert.Equal("/etc/grafana/provisioning", mounts["./grafana/provisioning"]);
        Assert.True(File.Exists(Path.Combine(DeployFiles.DeployPath("grafana", "dashboards"), "codex-otel.json")));
        Assert.StartsWith(path + "/", grafana.Text("environment", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_runs_the_recorder_prometheus_and_grafana_on_the_seed_stack_ports_with_keys_and_passwords_from_the_environment()
    {
        var services = (YamlMappingNode)Compose.At("services");
        Assert.Equal(["grafana", "prometheus", "recorder"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());

        var recorder = Compose.At("services", "recorder");
        var dockerfile = Path.GetFullPath(Path.Combine(DeployFiles.DeployPath(), recorder.Text("build", "context"), recorder.Text("build", "dockerfile")));
        Assert.Equal(DeployFiles.DeployPath("Dockerfile"), dockerfile);
        Assert.StartsWith("${CODEX_OTEL_API_KEY:?", recorder.Text("environment", "CODEX_OTEL_API_KEY"), StringComparison.Ordinal);

        // The seed's compose opened 4317, 4318 and 9464 on the collector, 9090 on Prometheus and 3000 on Grafana.
        Assert.Equal(["4317", "4318", "4319", "9464"], Ports(recorder));
        Assert.Equal(["9090"], Ports(Compose.At("services", "prometheus")));
        Assert.Equal(["3000"], Ports(Compose.At("services", "grafana")));

        var grafana = Compose.At("services", "grafana");
        Assert.Equal("true", grafana.Text("environment", "GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.Equal("Viewer", grafana.Text("environment", "GF_AUTH_ANONYMOUS_ORG_ROLE"));
        Assert.StartsWith("${GRAFANA_ADMIN_PASSWORD:?", grafana.Text("environment", "GF_SECURITY_ADMIN_PASSWORD"), StringComparison.Ordinal);

        // Prometheus reads the same key from the secret compose makes of the variable.
        var prometheus = Compose.At("services", "prometheus");
        Assert.Equal(["codex_otel_api_key"], prometheus.Texts("secrets"));
        Assert.Equal("CODEX_OTEL_API_KEY", Compose.Text("secrets", "codex_otel_api_key", "environment"));
        var config = DeployFiles.Yaml("prometheus", "prometheus.yml");
        Assert.Equal("/run/secrets/codex_otel_api_key", config.Text("scrape_configs", 0, "authorization", "credentials_file"));
        Assert.Equal(["recorder:9464"], config.Texts("scrape_configs", 0, "static_configs", 0, "targets"));
        Assert.Equal("/etc/prometheus/prometheus.yml", Mounts(prometheus)["./prometheus/prometheus.yml"]);
    }

    [Fact]
    public void Every_file_compose_mounts_or_builds_from_exists_in_the_repository()
    {
        var services = ((YamlMappingNode)Compose.At("services")).Children.Values;
        foreach (var source in services.SelectMany(s => Mounts(s).Keys).Where(k => k.StartsWith('.')))
        {
            var path = Path.Combine(DeployFiles.DeployPath(), source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"compose mounts {source}, which is missing");
        }

        // The Dockerfile copies these from the repository root.
        foreach (var line in File.ReadLines(DeployFiles.DeployPath("Dockerfile")).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(RepoRoot.Combine(source)) || Directory.Exists(RepoRoot.Combine(source)), $"the Dockerfile copies {source}, which is missing");
            }
        }
    }

    [Fact]
    public async Task Promtool_accepts_the_shipped_Prometheus_config_with_the_secret_file_where_the_test_keeps_it()
    {
        using var dir = new TempDirectory("promtool");
        var key = Path.Combine(dir.Path, "api-key");
        await File.WriteAllTextAsync(key, "a-test-key-0123456789");
        var config = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, DeployFiles.PrometheusConfig("recorder:9464", key, "15s"));

        var result = await ChildProcess.RunAsync(new ProcessStartInfo(PrometheusServer.Promtool) { ArgumentList = { "check", "config", config } }, TimeSpan.FromSeconds(20));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Mounts(YamlNode service) =>
        service.Texts("volumes").Select(v => v.Split(':')).ToDictionary(p => p[0], p => p[1]);

    private static List<string> Ports(YamlNode service) =>
        [.. service.Texts("ports").Select(p => p.Split(':')[^1])];
}
