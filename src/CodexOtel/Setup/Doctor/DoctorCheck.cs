using CodexOtel.Codex;
using CodexOtel.Config;

namespace CodexOtel.Setup;

internal enum CheckStatus
{
    Ok,
    Problem,

    /// <summary>Worth knowing, not wrong (e.g. nothing recorded yet).</summary>
    Info,
}

/// <summary>One line of <c>doctor</c>: what was checked, how it stands, and for a problem the command that fixes it.</summary>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Message, string? Fix = null)
{
    public IReadOnlyList<string> Details { get; init; } = [];
}

/// <summary>What <c>doctor</c> found.</summary>
internal sealed record DoctorReport(
    RecorderTarget Target,
    CodexHome Home,
    IReadOnlyList<DoctorCheck> Checks,
    IReadOnlyList<SignalActivity> Activity,
    ConversationSummary? LatestConversation)
{
    public bool Ok => Checks.All(c => c.Status != CheckStatus.Problem);

    public int Problems => Checks.Count(c => c.Status == CheckStatus.Problem);
}

/// <summary>Where doctor looks, and its clock.</summary>

/// <summary>
/// Where doctor looks — the config request every command resolves, Codex's home — and its clock; --data as given, to
/// repeat in the fix commands doctor prints.
/// </summary>
internal sealed record DoctorOptions(ConfigRequest Config, string? DataOption, string? CodexHomeOption, DateTimeOffset Now);
