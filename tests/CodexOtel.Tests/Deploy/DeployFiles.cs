using CodexOtel.Tests.E2E.Support;
using YamlDotNet.RepresentationModel;

namespace CodexOtel.Tests.Deploy;

/// <summary>The files under deploy/, parsed.</summary>
public static class DeployFiles
{
    public static string DeployPath(params string[] parts) => RepoRoot.Combine(["deploy", .. parts]);

    public static string PrometheusConfigPath => DeployPath("prometheus", "prometheus.yml");

    public static YamlMappingNode Yaml(params string[] parts)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(DeployPath(parts));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static YamlNode At(this YamlNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child)
                    ? child
                    : throw new KeyNotFoundException($"no \"{key}\" at {node.Start}"),
                int index => ((YamlSequenceNode)node).Children[index],
                _ => throw new ArgumentException($"path step {step}"),
            };
        }

        return node;
    }

    public static string Text(this YamlNode node, params object[] path) => ((YamlScalarNode)node.At(path)).Value ?? "";

    public static IReadOnlyList<string> Texts(this YamlNode node, params object[] path) =>
        [.. ((YamlSequenceNode)node.At(path)).Children.Select(c => ((YamlScalarNode)c).Value ?? "")];

    /// <summary>The data source uid the dashboard must use: the one Grafana provisions.</summary>
    public static string ProvisionedDataSourceUid =>
        Yaml("grafana", "provisioning", "datasources", "prometheus.yaml").Text("datasources", 0, "uid");

    /// <summary>
    /// deploy/prometheus/prometheus.yml adapted to a test: the recorder at <paramref name="target"/> instead of the
    /// compose service, the API key read from <paramref name="credentialsFile"/> instead of the compose secret, and
    /// <paramref name="scrapeInterval"/>. Everything else is the shipped config.
    /// </summary>
    public static string PrometheusConfig(string target, string credentialsFile, string scrapeInterval)
    {
        var config = Yaml("prometheus", "prometheus.yml");
        var job = (YamlMappingNode)config.At("scrape_configs", 0);
        ((YamlMappingNode)config.At("global")).Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode(scrapeInterval);
        job.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode(scrapeInterval);
        ((YamlMappingNode)job.At("static_configs", 0)).Children[new YamlScalarNode("targets")] = new YamlSequenceNode(new YamlScalarNode(target));
        ((YamlMappingNode)job.At("authorization")).Children[new YamlScalarNode("credentials_file")] = new YamlScalarNode(credentialsFile);
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(config)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
