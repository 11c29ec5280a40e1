using System.Text.Json.Serialization;
using CodexOtel.Config;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Setup;

namespace CodexOtel.Web;

/// <summary>
/// <c>GET /api/health</c>: what <c>doctor</c> checks (its own checks, run here), and per signal its last data, its
/// segments and the head of its hash chain (the hash of its last line), how much the index holds, the disk's use and
/// the last verify this serve ran (<c>GET /api/verify</c>).
/// </summary>
internal sealed record HealthReport(
    IReadOnlyList<HealthCheck> Checks,
    IReadOnlyList<SignalHealth> Signals,
    long Conversations,
    long Events,
    long DataBytes,
    long? FreeBytes,
    VerifyReport? LastVerify)
{
    public static async Task<HealthReport> ReadAsync(DashboardData data, CancellationToken cancellationToken)
    {
        var options = new DoctorOptions(
            new ConfigRequest { Flags = new Dictionary<ConfigSetting, string> { [ConfigSettings.Data] = data.DataDir } },
            data.DataDir,
            CodexHomeOption: null,
            DateTimeOffset.Now);
        var doctor = await Doctor.RunAsync(options, cancellationToken).ConfigureAwait(false);
        var stats = await data.Store.StatsAsync(cancellationToken).ConfigureAwait(false);
        var folder = new DirectoryInfo(data.DataDir);
        return new HealthReport(
            [.. doctor.Checks.Select(HealthCheck.Of)],
            [.. doctor.Activity.Select(a => SignalHealth.Of(data.DataDir, a))],
            stats.Conversations,
            stats.Events,
            folder.EnumerateFiles().Sum(f => f.Length),
            FreeOnDisk(folder.FullName),
            data.LastVerify);
    }

    private static long? FreeOnDisk(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>One of doctor's lines: ok, problem or info, what it found, and for a problem the command that fixes it.</summary>
internal sealed record HealthCheck(string Name, string Status, string Message, string? Fix, IReadOnlyList<string> Details)
{
    public static HealthCheck Of(DoctorCheck check) =>
        new(check.Name, check.Status.ToString().ToLowerInvariant(), check.Message, check.Fix, check.Details);
}

/// <summary>One signal's ledger: when it was last written, its newest record, its segments and its chain head.</summary>
internal sealed record SignalHealth(
    string Signal,
    DateTimeOffset? LastWritten,
    DateTimeOffset? NewestRecord,
    string? Conversation,
    int Segments,
    long Bytes,
    string? ChainHead)
{
    public static SignalHealth Of(string dataDir, SignalActivity activity)
    {
        var segments = LedgerSegment.List(dataDir, activity.Signal);
        var head = segments.Count > 0 && ChainFile.ReadEntry(segments[^1].ChainPath, last: true) is var (_, hash) ? Convert.ToHexStringLower(hash) : null;
        return new SignalHealth(
            activity.Signal.FileStem(),
            activity.Written,
            activity.NewestRecord,
            activity.Conversation,
            segments.Count,
            segments.Sum(s => new FileInfo(s.DataPath) is { Exists: true } file ? file.Length : 0),
            head);
    }
}

/// <summary>A verify of every signal's hash chain (as <c>verify</c>), and when it ran.</summary>
internal sealed record VerifyReport(DateTimeOffset At, IReadOnlyList<SignalVerifyReport> Signals)
{
    public static VerifyReport Run(string dataDir) =>
        new(DateTimeOffset.UtcNow, [.. LedgerVerifier.Verify(dataDir, recorderRunning: true).Select(SignalVerifyReport.Of)]);
}

/// <summary>One signal's verify: lines checked, the head hash recomputed, the first problem found.</summary>
internal sealed record SignalVerifyReport(
    string Signal,
    int Segments,
    long Lines,
    string HeadHash,
    bool Ok,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem)
{
    public static SignalVerifyReport Of(SignalVerification v) =>
        new(v.Signal.FileStem(), v.Segments, v.Lines, v.HeadHash, v.Ok, v.Problem is { } p ? $"{p.Segment} line {p.Line}: {p.Kind} — {p.Detail}" : null);
}
