using System.Text.Json.Serialization;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.State;

/// <summary>A metrics consumer's state file: its checkpoint and, as of it, every series of its families.</summary>
internal sealed record MetricsState(string SegmentId, long Offset, List<FamilyState> Families);

internal sealed record FamilyState(string OtelName, string Unit, string Description, MetricType Type, List<SeriesState> Series);

/// <summary>A series; <see cref="Labels"/> alternates names and values.</summary>
internal sealed record SeriesState(
    string[] Labels,
    long Start,
    long Time,
    double Value,
    ulong Count,
    double Sum,
    double[]? Bounds,
    ulong[]? Buckets);

[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MetricsState))]
internal sealed partial class MetricsStateJsonContext : JsonSerializerContext;
