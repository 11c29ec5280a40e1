using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Setup;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;

namespace CodexOtel.Tests.Setup;

public sealed class SignalActivityTests
{
    [Fact]
    public async Task The_newest_line_is_found_behind_a_recovery_entry_at_the_end_of_the_chain()
    {
        using var dir = new TempDirectory("activity");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[");
        await using (LedgerTestData.Open(dir.Path))
        {
        }

        var activity = SignalActivity.Read(dir.Path, Signal.Logs);

        Assert.NotNull(activity.Written);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks((1_700_000_000_000_000_000L + 2) / 100), activity.NewestRecord);
    }
}
