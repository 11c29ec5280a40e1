using System.Text.Json.Nodes;
using CodexOtel.Bench.Conversations;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// The URLs the bench loads: every page, and on the heavier ones a few filters, sorts and second pages. What they
/// need from the store (the conversation with the most turns, a second page's cursor) is asked of the API first.
/// </summary>
internal static class PageCases
{
    /// <summary>A word the generator puts in many prompts and commands (a common word).</summary>
    public const string Word = CodexVocabulary.SearchWord;

    public static async Task<(IReadOnlyList<PageCase> Cases, DateTimeOffset Newest)> ProbeAsync(HttpClient http, Uri ui, CancellationToken cancellationToken)
    {
        async Task<JsonNode> Get(string path) =>
            await http.GetFromJsonAsync<JsonNode>(new Uri(ui, path), cancellationToken) ?? throw new InvalidOperationException($"{path} answered null");

        var newest = await Get("api/conversations?limit=50");
        if (newest["conversations"]!.AsArray().Count == 0)
        {
            throw new InvalidOperationException("the store holds no conversation");
        }

        var longest = (await Get("api/conversations?sort=turns&limit=1"))["conversations"]![0]!;
        var search = await Get($"api/search?q={Word}&limit=50");
        var tools = (await Get("api/tools")).AsArray();
        var tool = tools.Any(t => (string?)t!["tool"] == "exec_command") ? "exec_command" : (string?)tools.FirstOrDefault()?["tool"] ?? "exec_command";
        var id = (string)longest["id"]!;

        List<PageCase> cases =
        [
            new("Home", "default range (7 d)", "/"),
            new("Home", "30 d", "/?range=30d"),
            new("Home", "today", "/?range=today"),
            new("Conversations", "newest", "/conversations"),
            new("Conversations", "by cost", "/conversations?sort=cost"),
            new("Conversations", "by tokens, ascending", "/conversations?sort=tokens&order=asc"),
            new("Conversations", "with errors", "/conversations?errors=true"),
            new("Conversations", "model gpt-5.5, 30 d", "/conversations?range=30d&model=gpt-5.5"),
            new("Conversations", $"text \"{Word}\"", $"/conversations?q={Word}"),
            new("Conversation", $"{(int)longest["turns"]!} turns, {(int)longest["tool_calls"]!} tool calls", $"/conversations/{Uri.EscapeDataString(id)}"),
            new("Tools", "30 d", "/tools"),
            new("Tools", "all time", "/tools?range=all"),
            new("Tools", $"{tool} calls", $"/tools/{Uri.EscapeDataString(tool)}"),
            new("Live", "last 50 events", "/live"),
            new("Search", $"\"{Word}\"", $"/search?q={Word}"),
            new("Health", "", "/health"),
        ];
        if ((string?)newest["next"] is { } next)
        {
            cases.Insert(4, new("Conversations", "page 2", $"/conversations?after={Uri.EscapeDataString(next)}"));
        }

        if ((string?)search["next"] is { } more)
        {
            cases.Insert(cases.FindIndex(c => c.Page == "Search") + 1, new("Search", $"\"{Word}\" page 2", $"/search?q={Word}&after={Uri.EscapeDataString(more)}"));
        }

        return (cases, DateTimeOffset.Parse((string)newest["conversations"]![0]!["started"]!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
