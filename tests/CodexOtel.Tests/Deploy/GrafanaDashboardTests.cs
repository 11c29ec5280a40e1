using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Deploy;

/// <summary>
/// The dashboard's structure, as Grafana 11/12 needs it to load with no hand configuration. Its queries are run
/// against a real Prometheus in <see cref="E2E.GrafanaDashboardQueryTests"/>.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly GrafanaDashboard Dashboard = GrafanaDashboard.Load();

    [Fact]
    public void The_dashboard_has_a_fixed_uid_and_the_schema_version_of_Grafana_11_and_12()
    {
        Assert.Equal("codex-otel", (string?)Dashboard.Json["uid"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)Dashboard.Json["title"]));
        Assert.InRange((int)Dashboard.Json["schemaVersion"]!, 39, 41);
        Assert.Null(Dashboard.Json["__inputs"]); // an export "for sharing externally" would ask for a data source on import
    }

    [Fact]
    public void Panels_have_unique_ids_and_titles_and_grid_positions_that_fit_the_24_columns_without_overlapping()
    {
        var panels = Dashboard.Panels;
        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.Equal(Dashboard.DataPanels.Count, Dashboard.DataPanels.Select(p => (string?)p["title"]).Distinct().Count()); // queries are named by it

        var boxes = panels.Select(p => (Title: (string)p["title"]!, Grid: p["gridPos"]?.AsObject())).ToList();
        foreach (var (title, grid) in boxes)
        {
            Assert.True(grid is not null, $"\"{title}\" has no gridPos");
            Assert.True((int)grid["w"]! > 0 && (int)grid["h"]! > 0 && (int)grid["x"]! >= 0 && (int)grid["y"]! >= 0, $"\"{title}\": {grid}");
            Assert.True((int)grid["x"]! + (int)grid["w"]! <= 24, $"\"{title}\" is wider than the grid: {grid}");
        }

        foreach (var (a, b) in boxes.SelectMany((a, i) => boxes.Skip(i + 1), (a, b) => (a, b)))
        {
            Assert.False(Overlap(a.Grid!, b.Grid!), $"\"{a.Title}\" overlaps \"{b.Title}\"");
        }
    }

    [Fact]
    public void Every_panel_query_and_variable_uses_the_provisioned_Prometheus_data_source_by_its_uid()
    {
        var uid = DeployFiles.ProvisionedDataSourceUid;
        var users = Dashboard.DataPanels
            .SelectMany(p => (IEnumerable<(string, JsonNode?)>)[((string)p["title"]!, p["datasource"]), .. (p["targets"]?.AsArray() ?? []).Select(t => ((string)p["title"]!, t!["datasource"]))])
            .Concat(Dashboard.Variables.Where(v => (string?)v["type"] == "query").Select(v => ((string)v["name"]!, v["datasource"])));
        foreach (var (who, datasource) in users)
        {
            Assert.True(datasource is JsonObject, $"\"{who}\" names no data source object");
            Assert.Equal("prometheus", (string?)datasource["type"]);
            Assert.True(uid == (string?)datasource["uid"], $"\"{who}\" uses data source {datasource.ToJsonString()}, not the provisioned uid {uid}");
        }
    }

    [Fact]
    public void Every_data_panel_has_queries_each_with_a_PromQL_expression_and_a_refId_unique_in_its_panel()
    {
        foreach (var panel in Dashboard.DataPanels)
        {
            var targets = panel["targets"]?.AsArray() ?? [];
            Assert.True(targets.Count > 0, $"\"{panel["title"]}\" has no query");
            Assert.Equal(targets.Count, targets.Select(t => (string?)t!["refId"]).Distinct().Count());
        }

        Assert.All(Dashboard.Queries, q => Assert.False(string.IsNullOrWhiteSpace(q.Expr) || string.IsNullOrWhiteSpace(q.RefId), q.ToString()));
    }

    [Fact]
    public void Every_variable_the_dashboard_defines_is_used_and_every_variable_it_uses_is_defined()
    {
        var defined = Dashboard.Variables.Select(v => (string)v["name"]!).ToHashSet();
        var used = Dashboard.StringsOutsideTemplating()
            .SelectMany(GrafanaDashboard.References)
            .Select(r => r.Name)
            .Where(name => !name.StartsWith("__", StringComparison.Ordinal)) // Grafana's own: $__range, ${__data…}
            .ToHashSet();

        Assert.Equal(defined.Order(), used.Order());
    }

    [Fact]
    public void The_model_and_tool_variables_list_label_values_and_allow_all_as_a_regex()
    {
        foreach (var (name, metric) in new[] { ("model", "codex_otel_tokens_total"), ("tool", "codex_otel_tool_calls_total") })
        {
            var variable = Assert.Single(Dashboard.Variables, v => (string?)v["name"] == name);
            Assert.Equal("query", (string?)variable["type"]);
            Assert.Equal($"label_values({metric}, {name})", (string?)variable["query"]!["query"]);
            Assert.Equal((string?)variable["query"]!["query"], (string?)variable["definition"]);
            Assert.True((bool)variable["includeAll"]! && (bool)variable["multi"]!);
            Assert.Equal(".*", (string?)variable["allValue"]);
        }

        // Every use is a regex match, which "All", ".*" and a multi-value "(a|b)" all need.
        foreach (var query in Dashboard.Queries)
        {
            Assert.DoesNotMatch(@"(model|tool)\s*(=|!=)\s*""\$", query.Expr);
        }
    }

    [Fact]
    public void The_ui_variable_is_a_text_box_holding_the_default_dashboard_address()
    {
        var ui = Assert.Single(Dashboard.Variables, v => (string?)v["name"] == "ui");
        Assert.Contains((string?)ui["type"], new[] { "textbox", "constant" });
        Assert.Equal("http://127.0.0.1:4319", (string?)ui["query"]);
        Assert.Equal("http://127.0.0.1:4319", (string?)ui["current"]!["value"]);
    }

    [Fact]
    public void Links_are_well_formed_and_each_top_conversation_links_to_its_page_on_the_ui()
    {
        foreach (var link in Dashboard.Json["links"]!.AsArray())
        {
            Assert.Equal("link", (string?)link!["type"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)link["title"]));
            Assert.StartsWith("${ui:raw}", (string?)link["url"], StringComparison.Ordinal);
        }

        var dataLinks = Dashboard.DataPanels
            .SelectMany(p => FieldConfigs(p), (p, config) => (Panel: (string)p["title"]!, Links: config["links"]?.AsArray()))
            .Where(x => x.Links is not null)
            .SelectMany(x => x.Links!, (x, link) => (x.Panel, Link: link!.AsObject()))
            .ToList();
        Assert.All(dataLinks, x =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)x.Link["title"]), x.Panel);
            var url = (string)x.Link["url"]!;
            Assert.Matches(AbsoluteOrUiUrl(), url);
            Assert.Equal(url.Count(c => c == '{'), url.Count(c => c == '}'));
        });

        var conversation = Assert.Single(dataLinks, x => x.Panel == "Top conversations by cost");
        Assert.Equal("${ui:raw}/conversations/${__data.fields.conversation_id}", (string?)conversation.Link["url"]);
        var query = Assert.Single(Dashboard.Queries, q => q.Panel == "Top conversations by cost");
        Assert.Contains("by (conversation_id", query.Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_one_the_README_lists_for_serve()
    {
        var readme = File.ReadAllText(RepoRoot.Combine("README.md"));
        var metrics = Dashboard.Queries
            .SelectMany(q => MetricName().Matches(q.Expr).Select(m => m.Value))
            .Select(name => HistogramSeries().Replace(name, ""))
            .Distinct();
        Assert.All(metrics, name => Assert.Contains($"`{name}`", readme, StringComparison.Ordinal));
    }

    private static IEnumerable<JsonObject> FieldConfigs(JsonObject panel)
    {
        var fieldConfig = panel["fieldConfig"];
        if (fieldConfig?["defaults"] is JsonObject defaults)
        {
            yield return defaults;
        }

        foreach (var property in (fieldConfig?["overrides"]?.AsArray() ?? []).SelectMany(o => o!["properties"]!.AsArray()))
        {
            if ((string?)property!["id"] == "links")
            {
                yield return new JsonObject { ["links"] = property["value"]!.DeepClone() };
            }
        }
    }

    private static bool Overlap(JsonObject a, JsonObject b) =>
        (int)a["x"]! < (int)b["x"]! + (int)b["w"]! && (int)b["x"]! < (int)a["x"]! + (int)a["w"]! &&
        (int)a["y"]! < (int)b["y"]! + (int)b["h"]! && (int)b["y"]! < (int)a["y"]! + (int)a["h"]!;

    [GeneratedRegex(@"^(https?://|\$\{ui:raw\}/)[^\s]+$")]
    private static partial Regex AbsoluteOrUiUrl();

    [GeneratedRegex(@"\b(codex_otel|traces_span_metrics)_\w+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|count|sum)$")]
    private static partial Regex HistogramSeries();
}
