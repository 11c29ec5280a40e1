using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Deploy;

/// <summary>One PromQL query of a dashboard panel.</summary>
public sealed record DashboardQuery(string Panel, string RefId, string Expr)
{
    public override string ToString() => $"\"{Panel}\" {RefId}: {Expr}";
}

/// <summary>A template variable reference in a dashboard string: <c>$name</c>, <c>${name}</c>, <c>${name:format}</c>, <c>[[name]]</c>.</summary>
public sealed record VariableReference(string Name, string? Format, int Index, int Length);

/// <summary>deploy/grafana/dashboards/codex-otel.json, read as Grafana reads it.</summary>
public sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(JsonObject json)
    {
        Json = json;
    }

    public static string FilePath => RepoRoot.Combine("deploy", "grafana", "dashboards", "codex-otel.json");

    public JsonObject Json { get; }

    /// <summary>Every panel, those nested in collapsed rows included.</summary>
    public IReadOnlyList<JsonObject> Panels =>
        [.. Json["panels"]!.AsArray().Select(p => p!.AsObject())
            .SelectMany(p => (IEnumerable<JsonObject>)[p, .. p["panels"]?.AsArray().Select(c => c!.AsObject()) ?? []])];

    /// <summary>Panels that show data (all but rows).</summary>
    public IReadOnlyList<JsonObject> DataPanels => [.. Panels.Where(p => (string?)p["type"] != "row")];

    public IReadOnlyList<DashboardQuery> Queries =>
        [.. DataPanels.SelectMany(p => p["targets"]?.AsArray() ?? [], (p, t) =>
            new DashboardQuery((string)p["title"]!, (string?)t!["refId"] ?? "", (string?)t["expr"] ?? ""))];

    public IReadOnlyList<JsonObject> Variables => [.. Json["templating"]!["list"]!.AsArray().Select(v => v!.AsObject())];

    public static GrafanaDashboard Load() => new(JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject());

    /// <summary>Variable references in <paramref name="text"/>, with Grafana's syntax (its templateSrv regex).</summary>
    public static IEnumerable<VariableReference> References(string text) =>
        VariablePattern().Matches(text).Select(m => new VariableReference(
            m.Groups["plain"].Success ? m.Groups["plain"].Value : m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bracket"].Value,
            m.Groups["format"].Success ? m.Groups["format"].Value : null,
            m.Index,
            m.Length));

    /// <summary>Every string in the dashboard outside the variables' own definitions, where references can be.</summary>
    public IEnumerable<string> StringsOutsideTemplating() =>
        Json.Where(p => p.Key != "templating").SelectMany(p => Strings(p.Value));

    /// <summary>
    /// <paramref name="expr"/> with each variable replaced from <paramref name="values"/>, as Grafana does before it
    /// sends a query; a variable missing from <paramref name="values"/> throws.
    /// </summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values)
    {
        var result = expr;
        foreach (var reference in References(expr).Reverse())
        {
            var value = values.TryGetValue(reference.Name, out var v)
                ? v
                : throw new KeyNotFoundException($"no value for ${reference.Name} in {expr}");
            result = string.Concat(result.AsSpan(0, reference.Index), value, result.AsSpan(reference.Index + reference.Length));
        }

        return result;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    // Grafana's variableRegex: $name, [[name:format]], ${name.field:format}.
    [GeneratedRegex(@"\$(?<plain>\w+)|\[\[(?<bracket>\w+?)(?::(?<format>\w+))?\]\]|\$\{(?<braced>\w+)(?:\.[^:^\}]+)?(?::(?<format>[^\}]+))?\}")]
    private static partial Regex VariablePattern();
}
