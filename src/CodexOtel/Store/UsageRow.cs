using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>Usage of one conversation with one model on one day.</summary>
/// <param name="Day">The day in the zone asked for.</param>
/// <param name="Model">The model named by the events; the conversation's model when they name none.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Turns">User prompts.</param>
/// <param name="Responses">Model responses, whose token counts are summed in <paramref name="Tokens"/>.</param>
/// <param name="Tokens">Tokens of those responses.</param>
public sealed record UsageRow(DateOnly Day, string? Model, string ConversationId, int Turns, int Responses, TokenUsage Tokens);
