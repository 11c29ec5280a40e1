namespace CodexOtel.Otlp;

/// <summary>The request cannot be kept as sent (undecodable, or malformed ids): HTTP 400, gRPC INVALID_ARGUMENT.</summary>
public sealed class InvalidExportRequestException(string message) : Exception(message)
{
}
