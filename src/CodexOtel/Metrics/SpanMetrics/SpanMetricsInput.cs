using System.Runtime.InteropServices;
using CodexOtel.Metrics.Model;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// What <see cref="SpanMetricsConnector"/> takes of traces, and nothing more: per resource its service and labels, per
/// span its name, kind, status and times. Filled from decoded requests (<see cref="Add(ExportTraceServiceRequest)"/>)
/// or straight from ledger lines (<see cref="SpanLineReader"/>), so the connector counts both alike.
/// </summary>
internal sealed class SpanMetricsInput
{
    private readonly List<SpanResource> _resources = [];
    private readonly List<SpanFacts> _spans = [];

    public IReadOnlyList<SpanResource> Resources => _resources;

    /// <summary>The spans in the order they came, each naming its resource by index in <see cref="Resources"/>.</summary>
    public ReadOnlySpan<SpanFacts> Spans => CollectionsMarshal.AsSpan(_spans);

    public static SpanMetricsInput Of(ExportTraceServiceRequest request)
    {
        var input = new SpanMetricsInput();
        input.Add(request);
        return input;
    }

    public void Add(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = AddResource(new SpanResource(ResourceLabels.ServiceName(resourceSpans.Resource), [.. ResourceLabels.From(resourceSpans.Resource)]));
            foreach (var scope in resourceSpans.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    _spans.Add(new SpanFacts(resource, span.Name, (int)span.Kind, (int)(span.Status?.Code ?? default), span.StartTimeUnixNano, span.EndTimeUnixNano));
                }
            }
        }
    }

    /// <summary>Adds a resource whose spans follow; returns its index.</summary>
    public int AddResource(SpanResource resource)
    {
        _resources.Add(resource);
        return _resources.Count - 1;
    }

    /// <summary>Sets a resource once its attributes are known (they may come after its spans in a line).</summary>
    public void SetResource(int index, SpanResource resource) => _resources[index] = resource;

    public void AddSpan(in SpanFacts span) => _spans.Add(span);

    /// <summary>Where the input ends now, to go back to with <see cref="Truncate"/> when a line turns out unreadable.</summary>
    public (int Resources, int Spans) Mark => (_resources.Count, _spans.Count);

    /// <summary>Room for spans before the list grows (what a pooled input keeps).</summary>
    public int Capacity => _spans.Capacity;

    public void Clear()
    {
        _resources.Clear();
        _spans.Clear();
    }

    public void Truncate((int Resources, int Spans) mark)
    {
        _resources.RemoveRange(mark.Resources, _resources.Count - mark.Resources);
        _spans.RemoveRange(mark.Spans, _spans.Count - mark.Spans);
    }
}

/// <summary>A resource as spanmetrics sees it: its service.name (null when it has none) and its job/instance labels.</summary>
internal sealed record SpanResource(string? Service, KeyValuePair<string, string>[] Labels)
{
    public static SpanResource None { get; } = new(null, []);
}

/// <summary>A span as spanmetrics sees it; kind and status are the proto's numbers (unknown ones kept).</summary>
internal readonly record struct SpanFacts(int Resource, string Name, int Kind, int Status, ulong StartUnixNano, ulong EndUnixNano);
