namespace CodexOtel.Otlp.Json;

/// <summary>
/// OTLP-JSON input that cannot be decoded. The message names the JSON location
/// (e.g. <c>resourceSpans[0].scopeSpans[0].spans[3].traceId</c>) and the byte offset.
/// </summary>
public sealed class OtlpJsonException : FormatException
{
    /// <summary>Creates an exception with a complete message.</summary>
    public OtlpJsonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a complete message and its cause.</summary>
    public OtlpJsonException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a problem found at a byte offset of the input.</summary>
    public OtlpJsonException(string message, long byteOffset, string? path, Exception? innerException = null)
        : base(Compose(message, byteOffset, path), innerException)
    {
        ByteOffset = byteOffset;
        JsonPath = path;
        Reason = message;
    }

    /// <summary>Byte offset in the input where the problem was found, or -1 when unknown.</summary>
    public long ByteOffset { get; } = -1;

    /// <summary>JSON location of the problem (property names and array indexes), if known.</summary>
    public string? JsonPath { get; }

    /// <summary>The problem itself, without location.</summary>
    public string? Reason { get; }

    private static string Compose(string message, long byteOffset, string? path) =>
        string.IsNullOrEmpty(path)
            ? $"{message} (at byte {byteOffset})"
            : $"{path}: {message} (at byte {byteOffset})";
}
