namespace CodexOtel.Codex;

/// <summary>
/// Recognises a tool call Codex refused to run because of its exec policy (a <c>forbidden</c> rule, or a
/// <c>prompt</c> rule when approvals are off, as always in <c>codex exec</c>). Codex 0.169 logs no
/// codex.tool_decision for these; the only trace is a failed tool result whose output reads like
/// <c>exec_command failed: CreateProcess { message: "Rejected(\"`touch x` rejected: policy forbids …\")" }</c>.
/// </summary>
internal static class ToolRejection
{
    private const string Marker = "Rejected(";

    public static bool IsRejected(bool? success, string? output) =>
        success != true && output is not null && output.Contains(Marker, StringComparison.Ordinal);

    /// <summary>True for tool decisions that stopped the call: denied (also denied_for_session …) and abort.</summary>
    public static bool IsDenial(string? decision) =>
        decision is not null
        && (decision.StartsWith("denied", StringComparison.OrdinalIgnoreCase)
            || decision.Equals("abort", StringComparison.OrdinalIgnoreCase));
}
