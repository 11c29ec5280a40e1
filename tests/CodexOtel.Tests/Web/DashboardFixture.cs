using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Web;

/// <summary>
/// A recorder with its dashboard on a free loopback port, holding <see cref="Count"/> conversations of the recorded
/// Codex tool turn (<see cref="DashboardSeed"/>), and one chromium, shared by the tests of a class.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const int Count = 60;

    /// <summary>Conversations of another model, for the model filter.</summary>
    public const int MiniCount = 5;

    public const string XssPrompt = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"> show me";

    public const string SearchWord = "zebracorn";

    private InProcessRecorder? _recorder;

    public Chromium Chromium { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public InProcessRecorder Recorder => _recorder!;

    public Uri Ui => Recorder.UiEndpoint!;

    /// <summary>The newest conversation, whose prompt holds markup.</summary>
    public string XssId { get; } = Id(Count - 1);

    /// <summary>The conversation whose prompt holds <see cref="SearchWord"/>.</summary>
    public string SearchId { get; } = Id(7);

    public static string Id(int i) => $"01a20a10-0000-7000-8000-{i:D12}";

    public async Task InitializeAsync()
    {
        _recorder = await InProcessRecorder.StartAsync(uiAddress: "127.0.0.1:0");
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < Count; i++)
        {
            var prompt = i == Count - 1 ? XssPrompt : i == 7 ? $"find the {SearchWord} in the logs" : $"please run tool number {i}";
            var model = i < MiniCount ? "gpt-5-mini" : "gpt-5.5";
            await DashboardSeed.SendAsync(Http, Recorder.HttpEndpoint, Id(i), prompt, model, start.AddMinutes(i));
        }

        await DashboardSeed.WaitForIndexAsync(Http, Ui, Count);
        await Chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Http.Dispose();
        if (_recorder is not null)
        {
            await _recorder.DisposeAsync();
        }
    }
}
