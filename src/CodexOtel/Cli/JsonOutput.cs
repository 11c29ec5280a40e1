using System.Text.Json;
using CodexOtel.Codex;

namespace CodexOtel.Cli;

/// <summary>The --json forms of query results: one JSON document on stdout, names in snake_case, times in ISO 8601 UTC.</summary>
internal static class JsonOutput
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }

        stdout.Write("\n"u8);
    }

    public static void Tokens(Utf8JsonWriter json, string name, TokenUsage tokens)
    {
        json.WriteStartObject(name);
        json.WriteNumber("input", tokens.Input);
        json.WriteNumber("cached_input", tokens.CachedInput);
        json.WriteNumber("output", tokens.Output);
        json.WriteNumber("reasoning", tokens.Reasoning);
        json.WriteEndObject();
    }

    public static void Cost(Utf8JsonWriter json, decimal? usd)
    {
        if (usd is { } value)
        {
            json.WriteNumber("cost_usd", value);
        }
        else
        {
            json.WriteNull("cost_usd");
        }
    }

    public static void Summary(Utf8JsonWriter json, ConversationSummary c, decimal? cost)
    {
        json.WriteString("id", c.Id);
        json.WriteString("started", c.Started.ToUniversalTime());
        json.WriteString("ended", c.Ended.ToUniversalTime());
        json.WriteNumber("duration_ms", (long)c.Duration.TotalMilliseconds);
        json.WriteString("model", c.Model);
        json.WriteString("provider", c.Provider);
        json.WriteString("originator", c.Originator);
        json.WriteString("app_version", c.AppVersion);
        json.WriteString("approval_policy", c.ApprovalPolicy);
        json.WriteString("sandbox_policy", c.SandboxPolicy);
        json.WriteNumber("turns", c.Turns);
        json.WriteNumber("tool_calls", c.ToolCalls);
        json.WriteNumber("denials", c.Denials);
        json.WriteNumber("errors", c.Errors);
        Tokens(json, "tokens", c.Tokens);
        Cost(json, cost);
        json.WriteString("first_prompt", c.FirstPrompt);
        json.WriteString("source", c.Source);
    }
}
