using System.Text.Json.Serialization;
using CodexOtel.Query;

namespace CodexOtel.Web;

/// <summary>
/// The JSON of what only the dashboard's API answers (health, errors, live events), source-
/// generated like <see cref="QueryJsonContext"/>, whose snake_case names it shares. The query views themselves are
/// written with <see cref="QueryJsonContext"/>: the same JSON the CLI's --json prints.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(TailEventView))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(VerifyReport))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
