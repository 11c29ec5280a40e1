using CodexOtel.Otlp;
namespace CodexOtel.Setup;

/// <summary>Whether the clock of the machine running Codex agrees with this one's.</summary>
internal static class ClockCheck
{
    /// <summary>A record stamped this far after it was stored means the sender's clock is ahead.</summary>
    public static readonly TimeSpan ClockAheadLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A record stamped this far before it was stored: the sender's clock is behind, or it sent very late (Codex
    /// exports within seconds, but batches at exit, so a long session is allowed some lag).
    /// </summary>
    public static readonly TimeSpan ClockBehindLimit = TimeSpan.FromHours(1);

    /// <summary>
    /// Compares the newest record's own time (the client's clock) with when its line was stored (this machine's
    /// clock, the chain file's mtime), and that mtime with now. Skipped when nothing is recorded.
    /// </summary>
    public static DoctorCheck Run(IReadOnlyList<SignalActivity> activity, DateTimeOffset now)
    {
        var newest = activity.Where(a => a.Written is not null).MaxBy(a => a.Written);
        if (newest is null)
        {
            return new DoctorCheck("clock", CheckStatus.Info, "clock: not checked — nothing recorded yet to compare");
        }

        var written = newest.Written!.Value;
        if (written - now > ClockAheadLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the newest ledger line was stored {DoctorText.Span(written - now)} in the future: this machine's clock was set back since",
                "check this machine's clock: timedatectl status");
        }

        if (newest.NewestRecord is not { } stamped)
        {
            return new DoctorCheck("clock", CheckStatus.Info, "clock: not checked — the newest records carry no time");
        }

        var skew = stamped - written;
        if (skew > ClockAheadLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the clock of the machine running Codex is {DoctorText.Span(skew)} ahead: its newest {newest.Signal.FileStem()} record is stamped {DoctorText.Span(skew)} after it was stored",
                "sync that machine's clock: timedatectl set-ntp true");
        }

        if (-skew > ClockBehindLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the clock of the machine running Codex is {DoctorText.Span(-skew)} behind (or it sent very late): its newest {newest.Signal.FileStem()} record is stamped {DoctorText.Span(-skew)} before it was stored",
                "sync that machine's clock: timedatectl set-ntp true");
        }

        return new DoctorCheck(
            "clock",
            CheckStatus.Ok,
            $"clocks agree: the newest {newest.Signal.FileStem()} record was stamped {DoctorText.Span(skew.Duration())} {(skew <= TimeSpan.Zero ? "before" : "after")} it was stored");
    }
}
