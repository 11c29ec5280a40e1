using CodexOtel.Codex;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Values an event keeps in columns of their own that its attributes repeat (the prompt, the tool output, the
/// conversation id, …). <see cref="AttributeJson"/> stores such an attribute as a short reference instead of a
/// second copy.
/// </summary>
public readonly record struct SharedValues(string? Text, string? Detail, string? ConversationId, string? Name, string? Model)
{
    /// <summary>Starts a reference, e.g. "\u0001t" for <see cref="Text"/>; a real value starting with it is escaped by doubling it.</summary>
    public const char Marker = '\u0001';

    public static SharedValues Of(CodexEvent e) => new(e.Text, e.Detail, e.ConversationId, e.Name, e.Model);

    /// <summary>The reference letter of a value equal to one of these; null when none is.</summary>
    public char? ReferenceTo(string value) =>
        Same(value, Text) ? 't'
        : Same(value, Detail) ? 'd'
        : Same(value, ConversationId) ? 'c'
        : Same(value, Name) ? 'n'
        : Same(value, Model) ? 'm'
        : null;

    /// <summary>The value a reference letter stands for.</summary>
    public string? Resolve(char reference) => reference switch
    {
        't' => Text,
        'd' => Detail,
        'c' => ConversationId,
        'n' => Name,
        'm' => Model,
        _ => null,
    };

    private static bool Same(string value, string? shared) =>
        shared is not null && (ReferenceEquals(value, shared) || string.Equals(value, shared, StringComparison.Ordinal));
}
