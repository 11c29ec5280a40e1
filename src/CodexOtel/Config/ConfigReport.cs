using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CodexOtel.Config;

/// <summary><c>codex-otel config --json</c>: the file read and every setting's value and source.</summary>
internal sealed record ConfigReport(string File, bool FileFound, IReadOnlyList<ConfigReportEntry> Settings);

/// <summary>
/// One setting: its effective value (an API key masked) and where it came from — <c>source</c> is flag, environment,
/// file or default, <c>where</c> the flag, the variable, file:line or "default" — with how else it can be set.
/// </summary>
internal sealed record ConfigReportEntry(string Key, JsonNode? Value, string Source, string Where, string Env, string? Flag, string Valid, string Meaning);

/// <summary>Source-generated: the AOT build has no reflection-based JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ConfigReport))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
