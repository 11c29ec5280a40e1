using System.Diagnostics;
using System.Net;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Receivers;

/// <summary>The real server on an 8 MiB tmpfs that fills up, then gets space back.</summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class DiskFullTests
{
    private const int SpansPerRequest = 200;

    [Fact]
    public async Task A_full_disk_answers_503_corrupts_nothing_and_recording_resumes_when_space_returns()
    {
        using var dir = new TempDirectory("diskfull");
        var mount = dir.Sub("small-disk");
        Run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mount);
        try
        {
            var data = Path.Combine(mount, "ledger");
            await using var server = await ServerProcess.StartAsync(data);
            using var http = new HttpClient();
            var filler = Path.Combine(mount, "filler");
            // Room for some requests, and for the index the server may still be creating (a few pages of 16 KiB).
            await File.WriteAllBytesAsync(filler, new byte[new DriveInfo(mount).AvailableFreeSpace - (1536 << 10)]);

            var accepted = 0;
            HttpResponseMessage? refused = null;
            for (var i = 0; i < 200 && refused is null; i++)
            {
                var response = await Send(http, server, i);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    accepted++;
                }
                else
                {
                    refused = response;
                }
            }

            Assert.True(accepted > 0, "nothing was accepted before the disk filled");
            Assert.NotNull(refused);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var active = LedgerSegment.Active(data, Signal.Traces).DataPath;
            Assert.EndsWith("\n", await File.ReadAllTextAsync(active));
            Assert.True(LedgerVerifier.Verify(data, Signal.Traces, recorderRunning: true).Ok);

            File.Delete(filler);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await Send(http, server, 1000 + i)).StatusCode);
                accepted++;
            }

            Assert.Equal(0, await server.StopAsync());
            var verification = LedgerVerifier.Verify(data, Signal.Traces, recorderRunning: false);
            Assert.True(verification.Ok, verification.Problem?.Detail);
            Assert.Equal(accepted * SpansPerRequest, LedgerContents.Read(data).Spans.Count());
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, ServerProcess server, int n) =>
        http.PostAsync(new Uri(server.HttpEndpoint, "/v1/traces"), OtlpRequests.Protobuf(OtlpRequests.Spans(SpansPerRequest, $"span-{n}")));

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({error.Trim()}); this test needs root to mount a small tmpfs");
    }
}
