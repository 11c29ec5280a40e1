using System.Globalization;
using CodexOtel.Codex;
using CodexOtel.Query;

namespace CodexOtel.Cli;

/// <summary>The one-line descriptions of a timeline's items, as <c>show</c> and <c>tail</c> print them.</summary>
internal static class TimelineText
{
    private const int OutputLines = 8;
    private const string ExecOutputMarker = "\nOutput:\n";

    /// <summary>The label and text of an event worth showing, or null for bookkeeping events.</summary>
    public static (string Label, string Text, IReadOnlyList<string> Details)? Describe(TimelineItemView e)
    {
        if (!e.IsNoteworthy())
        {
            return null;
        }

        switch (e.Kind)
        {
            case CodexEventKind.UserPrompt:
                return ("prompt", e.Text ?? "(prompt not logged: set log_user_prompt = true under [otel])", []);
            case CodexEventKind.ModelResponse:
                return ("model", Join(e.Model, Tokens(e.Tokens)), []);
            case CodexEventKind.ApiRequest:
                return ("api error", Join(e.Status?.ToString(CultureInfo.InvariantCulture), Ms(e.DurationMs), e.Detail), []);
            case CodexEventKind.ToolDecision:
                return ("decision", Join(e.Tool, e.Decision + (e.DecidedBy is { } by ? $" (by {by.ToLowerInvariant()})" : "")), []);
            case CodexEventKind.ToolResult:
                var status = e.Success switch { true => "ok", false => "failed", null => null };
                return ("tool", Join(e.Tool + (e.Text is { Length: > 0 } args ? " " + args : ""), Ms(e.DurationMs), status, e.Truncated == true ? "output truncated" : null), OutputOf(e.Detail));
            case CodexEventKind.AgentResponse:
                return ("answer", e.Text ?? "", []);
            case CodexEventKind.TurnCost:
                return ("cost", e.EstimatedUsd is { } usd ? Format.Cost(usd) + " (Codex's estimate)" : "", []);
            case CodexEventKind.ConversationStart:
                return ("start", Join(e.Model, e.Provider), []);
            default:
                return null;
        }
    }

    public static string Tokens(TokensView? tokens) => tokens is not { } t ? "" :
        $"in {Format.Grouped(t.Input)}{(t.CachedInput > 0 ? $" ({Format.Grouped(t.CachedInput)} cached)" : "")} · out {Format.Grouped(t.Output)}{(t.Reasoning > 0 ? $" ({Format.Grouped(t.Reasoning)} reasoning)" : "")}";

    private static string? Ms(double? ms) => ms is { } value ? value.ToString("0", CultureInfo.InvariantCulture) + " ms" : null;

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static IReadOnlyList<string> OutputOf(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return [];
        }

        // Codex wraps exec output in a header (Chunk ID, Wall time, exit code, token count) before "Output:".
        var text = output.Replace("\r\n", "\n", StringComparison.Ordinal);
        var marker = text.IndexOf(ExecOutputMarker, StringComparison.Ordinal);
        if (text.StartsWith("Chunk ID:", StringComparison.Ordinal) && marker >= 0)
        {
            text = text[(marker + ExecOutputMarker.Length)..];
        }

        var lines = text.TrimEnd('\n').Split('\n');
        return lines.Length <= OutputLines ? lines : [.. lines.Take(OutputLines), $"… {lines.Length - OutputLines} more lines (codex-otel show --json has all)"];
    }
}
