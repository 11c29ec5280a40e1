using System.Text;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// The Server-Sent Events body of one streamed Responses API answer, as Codex parses it:
/// it dispatches on the JSON <c>type</c>, and <c>response.completed</c> must carry <c>response.id</c>.
/// </summary>
public static class ResponsesStream
{
    public const int InputTokens = 120;
    public const int CachedTokens = 20;
    public const int OutputTokens = 30;
    public const int ReasoningTokens = 10;

    public static string For(MockTurn turn, string responseId) => turn switch
    {
        MockTurn.Text text => Build(responseId, Message(text.Answer)),
        MockTurn.ExecCommand exec => Build(responseId, FunctionCall(exec)),
        _ => throw new ArgumentOutOfRangeException(nameof(turn), turn, "not a streamed turn"),
    };

    private static JsonObject Message(string text) => new()
    {
        ["type"] = "message",
        ["id"] = "msg_" + Guid.NewGuid().ToString("N")[..12],
        ["role"] = "assistant",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text }),
    };

    private static JsonObject FunctionCall(MockTurn.ExecCommand exec) => new()
    {
        ["type"] = "function_call",
        ["id"] = "fc_" + exec.CallId,
        ["call_id"] = exec.CallId,
        ["name"] = "exec_command",
        ["arguments"] = new JsonObject { ["cmd"] = exec.Cmd }.ToJsonString(),
    };

    private static string Build(string responseId, JsonObject item)
    {
        var sse = new StringBuilder();
        Event(sse, new JsonObject
        {
            ["type"] = "response.created",
            ["response"] = new JsonObject { ["id"] = responseId },
        });
        Event(sse, new JsonObject
        {
            ["type"] = "response.output_item.done",
            ["output_index"] = 0,
            ["item"] = item,
        });
        Event(sse, new JsonObject
        {
            ["type"] = "response.completed",
            ["response"] = new JsonObject { ["id"] = responseId, ["usage"] = Usage() },
        });
        return sse.ToString();
    }

    private static JsonObject Usage() => new()
    {
        ["input_tokens"] = InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = CachedTokens },
        ["output_tokens"] = OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = ReasoningTokens },
        ["total_tokens"] = InputTokens + OutputTokens,
    };

    private static void Event(StringBuilder sse, JsonObject data) =>
        sse.Append("event: ").Append((string)data["type"]!).Append('\n')
           .Append("data: ").Append(data.ToJsonString()).Append("\n\n");
}
