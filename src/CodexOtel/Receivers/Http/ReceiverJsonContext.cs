using System.Text.Json.Serialization;

namespace CodexOtel.Receivers.Http;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatusBody))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReceiverJsonContext : JsonSerializerContext;
