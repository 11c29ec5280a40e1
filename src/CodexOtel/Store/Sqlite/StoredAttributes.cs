namespace CodexOtel.Store.Sqlite;

/// <summary>An event's attributes as the index stores them (see <see cref="AttributeJson"/>): a shape and the event's own values.</summary>
public sealed record StoredAttributes(AttributeShape Shape, byte[] Values);
