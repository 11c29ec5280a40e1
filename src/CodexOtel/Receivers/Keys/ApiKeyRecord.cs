using System.Text.Json.Serialization;

namespace CodexOtel.Receivers.Keys;

/// <summary>What a key may do: send telemetry (OTLP, both ports) or read the record (the dashboard and its API).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KeyRole>))]
public enum KeyRole
{
    Ingest,
    Read,
}

/// <summary>
/// One named key in the keys file: its name, what it may do, and the SHA-256 of the key — never the key itself, which
/// is printed once when it is made. A revoked key stays in the file (who had it, and until when) and is refused.
/// </summary>
public sealed record ApiKeyRecord(string Name, KeyRole Role, string Sha256, DateTimeOffset Created, DateTimeOffset? Revoked = null)
{
    public bool Active => Revoked is null;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiKeyRecord))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
