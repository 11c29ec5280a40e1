using System.Text.Json;

namespace CodexOtel.Codex;

/// <summary>
/// Tells the user's own messages from what Codex injects into the conversation as role "user": the environment
/// context, AGENTS.md and user instructions, shell-command echoes, abort notices. Codex 0.169 labels each message's
/// origin (<c>content_item_metadata[].provenance.type</c> "user" or "harness", and <c>content_item_kinds</c> such as
/// "user.text" or "environments.environment_context"); older rollouts have no labels, so their text is recognised by
/// the tags Codex wraps injected context in.
/// </summary>
internal static class InjectedContext
{
    private static readonly string[] InjectedPrefixes =
    [
        "<environment_context>",
        "<user_instructions>",
        "<INSTRUCTIONS>",
        "# AGENTS.md instructions",
        "<user_shell_command>",
        "<turn_aborted>",
        "<subagent_notification>",
        "<skills_instructions>",
        "<permissions instructions>",
        "<collaboration_mode>",
    ];

    public static bool IsInjected(JsonElement message, string text)
    {
        if (RolloutJson.Object(message, "internal_chat_message_metadata_passthrough") is { } metadata)
        {
            if (Provenance(metadata) is { } provenance)
            {
                return provenance != "user";
            }

            if (metadata.TryGetProperty("content_item_kinds", out var kinds) && kinds.ValueKind == JsonValueKind.Array)
            {
                foreach (var kind in kinds.EnumerateArray())
                {
                    if (kind.ValueKind == JsonValueKind.String && kind.GetString()!.StartsWith("user.", StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        var start = text.AsSpan().TrimStart();
        foreach (var prefix in InjectedPrefixes)
        {
            if (start.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The origin of the first content item: "user" for what the user typed, "harness" for what Codex added.
    private static string? Provenance(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("content_item_metadata", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (RolloutJson.Object(item, "provenance") is { } provenance && RolloutJson.String(provenance, "type") is { } type)
            {
                return type;
            }
        }

        return null;
    }
}
