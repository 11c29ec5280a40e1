using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Tests.Otlp;

public class OtlpJsonSignalDetectionTests
{
    [Theory]
    [InlineData("{\"resourceSpans\":[]}", Signal.Traces)]
    [InlineData("{\"resource_spans\":[]}", Signal.Traces)]
    [InlineData("{\"resourceLogs\":[]}", Signal.Logs)]
    [InlineData("{\"resource_logs\":[]}", Signal.Logs)]
    [InlineData("{\"resourceMetrics\":[]}", Signal.Metrics)]
    [InlineData("{\"resource_metrics\":[]}", Signal.Metrics)]
    [InlineData("{\"extra\":{\"resourceLogs\":[]},\"resourceMetrics\":[]}", Signal.Metrics)]
    [InlineData("  \n{ \"other\": [1, {\"a\": null}], \"resourceLogs\": null }", Signal.Logs)]
    public void Detects_the_signal_from_the_first_top_level_key_naming_one(string json, Signal expected)
    {
        Assert.Equal(expected, OtlpJsonDecoder.DetectSignal(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"resource\":{},\"spans\":[]}")]
    public void Detects_no_signal_when_no_top_level_key_names_one(string json)
    {
        Assert.Null(OtlpJsonDecoder.DetectSignal(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Signals_know_their_ledger_file_stem_and_json_key()
    {
        Assert.Equal(
            [("logs", "resourceLogs"), ("traces", "resourceSpans"), ("metrics", "resourceMetrics")],
            SignalNames.All.Select(s => (s.FileStem(), s.JsonKey())));
    }
}
