using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Codex's own session history: JSONL rollout files under CODEX_HOME/sessions.</summary>
public static class CodexRollout
{
    public static IReadOnlyList<string> Files(string codexHome)
    {
        var sessions = Path.Combine(codexHome, "sessions");
        return Directory.Exists(sessions)
            ? [.. Directory.EnumerateFiles(sessions, "rollout-*.jsonl", SearchOption.AllDirectories).Order()]
            : [];
    }

    /// <summary>All lines of all rollout files as <c>{timestamp, type, payload}</c> objects.</summary>
    public static IReadOnlyList<JsonObject> Lines(string codexHome) =>
        [.. Files(codexHome)
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .Select(line => JsonNode.Parse(line)!.AsObject())];

    /// <summary>The conversation ids recorded by <c>session_meta</c> lines.</summary>
    public static IReadOnlyList<string> SessionIds(string codexHome) =>
        [.. Lines(codexHome)
            .Where(line => (string?)line["type"] == "session_meta")
            .Select(line => (string)line["payload"]!["id"]!)
            .Distinct()];
}
