namespace CodexOtel.Codex;

/// <summary>The price file cannot be used; the message names the file and what to fix.</summary>
public sealed class PriceFileException(string message) : Exception(message);
