namespace CodexOtel.Store;

/// <summary>The store's schema is one this program cannot use (written by a newer version).</summary>
public sealed class StoreSchemaException(string message) : Exception(message);
