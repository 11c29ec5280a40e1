using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Codex's log events in a ledger: Codex names each one in the attribute <c>event.name</c>.</summary>
public static class CodexEvents
{
    public static IReadOnlyList<LogRecord> Events(this LedgerContents ledger, string eventName) =>
        [.. ledger.Logs.Select(l => l.Item).Where(r => r.Attributes.Text("event.name") == eventName)];

    public static IReadOnlySet<string> EventNames(this LedgerContents ledger) =>
        ledger.Logs.Select(l => l.Item.Attributes.Text("event.name")).OfType<string>().ToHashSet();

    public static string? Text(this LogRecord record, string key) => record.Attributes.Text(key);
}
