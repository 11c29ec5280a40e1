namespace CodexOtel.Tests.E2E.Support;

/// <summary>What the mock model answers to one POST /v1/responses.</summary>
public abstract record MockTurn
{
    private MockTurn()
    {
    }

    /// <summary>An assistant message that ends the turn.</summary>
    public sealed record Text(string Answer) : MockTurn;

    /// <summary>A function call of Codex's <c>exec_command</c> tool; Codex runs it and posts the output back.</summary>
    public sealed record ExecCommand(string Cmd, string CallId = "call_1") : MockTurn;

    /// <summary>A plain HTTP error instead of a stream.</summary>
    public sealed record Failure(int StatusCode = 500) : MockTurn;
}
