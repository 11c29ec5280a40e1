using CodexOtel.Bench.Conversations;
using CodexOtel.Bench.Load;
using CodexOtel.Otlp;
using Google.Protobuf;
using Microsoft.Playwright;

namespace CodexOtel.Bench.Browser;

/// <summary>One export: its ack after sending, and when the open pages showed it after the ack (ms).</summary>
internal sealed record ExportSample(double AckMs, double LiveMs, double HomeMs);

/// <summary>
/// From an event acknowledged by the ledger to an open page: with the Live page and the Home page open (each in a
/// context of its own), sends a generated Codex conversation as one OTLP/HTTP logs export and notes the wall clock
/// when serve answers 200 (the ledger has it durably); each page notes, in a MutationObserver, the wall clock
/// (<c>performance.timeOrigin + performance.now()</c>) at which the conversation appears in its DOM: on Live its
/// events, on Home its row in the recent conversations (after the index caught up and the page reloaded its data).
/// Both clocks are this machine's. The conversation starts after every other one, so Home lists it first.
/// </summary>
internal sealed class ExportToPage(HeadlessChromium chromium, DashboardServer server, TextWriter log)
{
    private const int Seed = 15_0000;
    private static readonly TimeSpan SeenTimeout = TimeSpan.FromSeconds(15);

    // Between exports: long enough for Home's reload after the last one to be over.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(1500);

    private const string Watch = """
        ([key, selector]) => {
          window.__bench ??= {};
          window.__bench[key] = new Promise(resolve => {
            const now = () => performance.timeOrigin + performance.now();
            if (document.querySelector(selector)) { resolve(now()); return; }
            const observer = new MutationObserver(() => {
              if (document.querySelector(selector)) { observer.disconnect(); resolve(now()); }
            });
            observer.observe(document.body, { childList: true, subtree: true });
          });
        }
        """;

    public async Task<List<ExportSample>> RunAsync(int runs, DateTimeOffset newest, CancellationToken cancellationToken)
    {
        var live = await OpenAsync("/live");
        var home = await OpenAsync("/");
        using var client = new HttpExportClient(server.OtlpHttp, Signal.Logs);
        var start = Later(DateTimeOffset.UtcNow, newest.AddMinutes(1));
        var samples = new List<ExportSample>();
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var conversation = new ConversationGenerator(Seed + i, start: start).Next();
            start = Later(DateTimeOffset.UtcNow, start.AddMinutes(1));
            var body = SeedFile.Request(conversation).ToByteArray();
            var link = $"a[href=\"/conversations/{conversation.Id}\"]";
            await live.EvaluateAsync(Watch, new[] { conversation.Id, $".live-list {link}" });
            await home.EvaluateAsync(Watch, new[] { conversation.Id, $"table.conversations tr[data-id=\"{conversation.Id}\"]" });

            var sent = WallClockMs();
            var attempt = await client.SendAsync(body, cancellationToken);
            var acked = WallClockMs();
            if (!attempt.Acked)
            {
                throw new InvalidOperationException($"the export was not acknowledged: {attempt.Error ?? $"retry after {attempt.RetryAfter}"}");
            }

            var liveAt = await SeenAsync(live, conversation.Id);
            var homeAt = await SeenAsync(home, conversation.Id);
            var sample = new ExportSample(acked - sent, liveAt - acked, homeAt - acked);
            log.WriteLine($"   export {i + 1,2}: ack {sample.AckMs,6:0.0} ms; then Live {sample.LiveMs,6:0.0} ms, Home {sample.HomeMs,6:0.0} ms");
            samples.Add(sample);
            await Task.Delay(Pause, cancellationToken);
        }

        await live.Context.CloseAsync();
        await home.Context.CloseAsync();
        return samples;
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await chromium.OpenAsync(server.Ui);
        await page.GotoAsync(path);
        await page.Locator("main[data-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    private static async Task<double> SeenAsync(IPage page, string key)
    {
        var seen = page.EvaluateAsync<double>("key => window.__bench[key]", key);
        if (await Task.WhenAny(seen, Task.Delay(SeenTimeout)) != seen)
        {
            throw new TimeoutException($"{page.Url} did not show conversation {key} within {SeenTimeout.TotalSeconds:0} s");
        }

        return await seen;
    }

    private static double WallClockMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
