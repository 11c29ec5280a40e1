using Microsoft.Net.Http.Headers;

namespace CodexOtel.Receivers.Http;

/// <summary>The two encodings of OTLP/HTTP.</summary>
internal enum OtlpPayloadFormat
{
    Protobuf,
    Json,
}

internal static class OtlpPayloadFormats
{
    public static OtlpPayloadFormat? FromContentType(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-protobuf" or "application/protobuf" => OtlpPayloadFormat.Protobuf,
            "application/json" => OtlpPayloadFormat.Json,
            _ => null,
        };
    }

    public static string ContentType(this OtlpPayloadFormat format) =>
        format == OtlpPayloadFormat.Json ? "application/json" : "application/x-protobuf";
}
