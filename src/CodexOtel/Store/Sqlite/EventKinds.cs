using CodexOtel.Codex;

namespace CodexOtel.Store.Sqlite;

/// <summary>Event kinds as stored: their names, so reordering the enum cannot change the meaning of stored rows.</summary>
internal static class EventKinds
{
    private static readonly Dictionary<CodexEventKind, string> Names =
        Enum.GetValues<CodexEventKind>().ToDictionary(k => k, k => k.ToString());

    private static readonly Dictionary<string, CodexEventKind> Kinds =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Name(CodexEventKind kind) => Names.TryGetValue(kind, out var name) ? name : kind.ToString();

    public static CodexEventKind Parse(string name) => Kinds.TryGetValue(name, out var kind) ? kind : CodexEventKind.Other;
}
