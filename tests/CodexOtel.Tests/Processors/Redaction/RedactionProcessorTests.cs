using CodexOtel.Otlp;
using CodexOtel.Processors.Redaction;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>The processor reaches every string value of every signal and marks the record that held a secret.</summary>
public sealed class RedactionProcessorTests
{
    private static readonly FakeSecrets Fake = new(23);
    private static readonly string OpenAi = Fake.For("openai_api_key");
    private static readonly string GitHub = Fake.For("github_token");
    private static readonly string Slack = Fake.For("slack_token");

    private readonly RedactionProcessor _processor = new(new Redactor([]));

    [Fact]
    public void Secrets_in_log_bodies_attributes_nested_values_resources_and_scopes_are_redacted_and_each_holder_is_marked()
    {
        var record = new LogRecord { Body = Text($"export OPENAI_API_KEY={OpenAi}"), EventName = "codex.tool_result" };
        record.Attributes.Add(Attribute("output", Text($"{GitHub} and {GitHub}")));
        record.Attributes.Add(Attribute("args", new AnyValue { ArrayValue = new ArrayValue { Values = { Text("ls"), Text(Slack) } } }));
        record.Attributes.Add(Attribute("env", new AnyValue { KvlistValue = new KeyValueList { Values = { Attribute("inner", new AnyValue { KvlistValue = new KeyValueList { Values = { Attribute("k", Text(OpenAi)) } } }) } } }));
        record.Attributes.Add(Attribute("count", new AnyValue { IntValue = 3 }));
        var clean = new LogRecord { Body = Text("nothing to see") };
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    Resource = new Resource { Attributes = { Attribute("process.command_args", Text($"codex --token {Slack}")) } },
                    ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = "codex", Attributes = { Attribute("k", Text(GitHub)) } }, LogRecords = { record, clean } } },
                },
            },
        };

        _processor.Process(Signal.Logs, request);

        AssertNoSecret(request);
        Assert.Equal("export OPENAI_API_KEY=[REDACTED:openai_api_key]", record.Body.StringValue);
        Assert.Equal("[REDACTED:github_token] and [REDACTED:github_token]", Value(record.Attributes, "output"));
        Assert.Equal("openai_api_key:2,github_token:2,slack_token:1", Value(record.Attributes, RedactionTally.MarkerKey));
        Assert.Equal(3, record.Attributes.Single(a => a.Key == "count").Value.IntValue);
        Assert.Equal("codex.tool_result", record.EventName);
        Assert.Empty(clean.Attributes);
        var resource = request.ResourceLogs[0].Resource.Attributes;
        Assert.Equal("codex --token [REDACTED:slack_token]", Value(resource, "process.command_args"));
        Assert.Equal("slack_token:1", Value(resource, RedactionTally.MarkerKey));
        Assert.Equal("github_token:1", Value(request.ResourceLogs[0].ScopeLogs[0].Scope.Attributes, RedactionTally.MarkerKey));
    }

    [Fact]
    public void Secrets_in_span_attributes_events_links_and_status_are_redacted_the_span_is_marked_and_its_name_kept()
    {
        var span = new Span { Name = "handle_responses", Status = new Status { Message = $"401 for key {OpenAi}" } };
        span.Attributes.Add(Attribute("http.url", Text($"https://user:hunter2secret@example.com/x")));
        span.Events.Add(new Span.Types.Event { Name = "exception", Attributes = { Attribute("exception.message", Text($"bad token {GitHub}")) } });
        span.Links.Add(new Span.Types.Link { Attributes = { Attribute("note", Text(Slack)) } });
        var request = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } };

        _processor.Process(Signal.Traces, request);

        AssertNoSecret(request);
        Assert.DoesNotContain("hunter2secret", request.ToString(), StringComparison.Ordinal);
        Assert.Equal("handle_responses", span.Name);
        Assert.Equal("401 for key [REDACTED:openai_api_key]", span.Status.Message);
        Assert.Equal("openai_api_key:1,github_token:1,slack_token:1,url_credentials:1", Value(span.Attributes, RedactionTally.MarkerKey));
    }

    [Fact]
    public void Secrets_in_data_point_and_exemplar_attributes_are_redacted_and_the_data_point_is_marked()
    {
        var sum = new NumberDataPoint { AsInt = 1, Attributes = { Attribute("tool", Text("shell")) } };
        sum.Exemplars.Add(new Exemplar { AsDouble = 1, FilteredAttributes = { Attribute("arg", Text(GitHub)) } });
        var histogram = new HistogramDataPoint { Count = 1, Attributes = { Attribute("cmd", Text($"curl -H 'Authorization: Bearer {OpenAi}'")) } };
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Metrics =
                            {
                                new Metric { Name = "codex.tool.call", Sum = new Sum { DataPoints = { sum } } },
                                new Metric { Name = "codex.tool.call.duration_ms", Histogram = new Histogram { DataPoints = { histogram } } },
                            },
                        },
                    },
                },
            },
        };

        _processor.Process(Signal.Metrics, request);

        AssertNoSecret(request);
        Assert.Equal("github_token:1", Value(sum.Attributes, RedactionTally.MarkerKey));
        Assert.Equal("openai_api_key:1", Value(histogram.Attributes, RedactionTally.MarkerKey));
        Assert.Equal("shell", Value(sum.Attributes, "tool"));
    }

    [Fact]
    public void A_user_rule_redacts_its_secret_group_after_the_built_in_rules_and_names_itself_in_the_marker()
    {
        var processor = new RedactionProcessor(new Redactor([new UserRedactionRule("employee_id", @"EMP-(?<secret>\d{6})")]));
        var record = new LogRecord { Body = Text($"EMP-123456 used {GitHub}") };
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { record } } } } } };

        Assert.False(processor.Passes(new ExportLogsServiceRequest().ToByteArray(), json: false));
        processor.Process(Signal.Logs, request);

        Assert.Equal("EMP-[REDACTED:employee_id] used [REDACTED:github_token]", record.Body.StringValue);
        Assert.Equal("github_token:1,employee_id:1", Value(record.Attributes, RedactionTally.MarkerKey));
    }

    [Fact]
    public void A_marker_a_client_sent_is_replaced_by_what_this_recorder_redacted()
    {
        var record = new LogRecord { Body = Text(GitHub), Attributes = { Attribute(RedactionTally.MarkerKey, Text("none:0")) } };
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { record } } } } } };

        _processor.Process(Signal.Logs, request);

        Assert.Equal("github_token:1", Assert.Single(record.Attributes).Value.StringValue);
    }

    private static void AssertNoSecret(IMessage request)
    {
        var text = request.ToString();
        foreach (var secret in new[] { OpenAi, GitHub, Slack })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private static string Value(IEnumerable<KeyValue> attributes, string key) => attributes.Single(a => a.Key == key).Value.StringValue;

    private static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    private static AnyValue Text(string value) => new() { StringValue = value };
}
