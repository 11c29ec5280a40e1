using System.Text.Json;
using System.Text.Json.Serialization;
using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>
/// The JSON of the query views, source-generated (Native AOT has no reflection-based JSON): snake_case names,
/// indented, nulls written unless a property says otherwise. The shapes are the README's "--json shapes".
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ConversationView>))]
[JsonSerializable(typeof(TimelineView))]
[JsonSerializable(typeof(IReadOnlyList<RawEventView>))]
[JsonSerializable(typeof(IReadOnlyList<SearchHitView>))]
[JsonSerializable(typeof(UsageView))]
[JsonSerializable(typeof(ConversationListView))]
[JsonSerializable(typeof(UsageTotalsView))]
[JsonSerializable(typeof(RollingUsageView))]
[JsonSerializable(typeof(UsageSeriesView))]
[JsonSerializable(typeof(IReadOnlyList<ToolStatsView>))]
[JsonSerializable(typeof(ToolCallPageView))]
[JsonSerializable(typeof(SearchPageView))]
[JsonSerializable(typeof(IReadOnlyList<TurnTraceView>))]
internal sealed partial class QueryJsonContext : JsonSerializerContext;

/// <summary>Event kinds as the JSON names them: conversation_start, user_prompt, …</summary>
internal sealed class SnakeCaseKindConverter() : JsonStringEnumConverter<CodexEventKind>(JsonNamingPolicy.SnakeCaseLower);
