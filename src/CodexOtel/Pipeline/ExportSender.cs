using System.Net;
using CodexOtel.Otlp;

namespace CodexOtel.Pipeline;

/// <summary>
/// Who sent an export request to serve: the name of the key it presented (none when serve takes requests without a
/// key) and the address it came from. The ledger holds it on every resource of the request, as
/// <see cref="KeyAttribute"/> and <see cref="AddressAttribute"/>, in place of anything the client sent under those
/// names; <c>show</c> and the dashboard read it back. Import and serve's own spanmetrics have no sender.
/// </summary>
public sealed class ExportSender
{
    public const string KeyAttribute = "codex_otel.sender.key";

    public const string AddressAttribute = "codex_otel.sender.address";

    public ExportSender(string? keyName, string? address)
    {
        KeyName = keyName;
        Address = address;
        Stamp = new ResourceStamp([(KeyAttribute, keyName), (AddressAttribute, address)]);
    }

    /// <summary>The key's name (<c>keys add NAME</c>, or "api_key" for serve's own); null without a key.</summary>
    public string? KeyName { get; }

    /// <summary>The peer's IP address as text (127.0.0.1, ::1, 10.0.0.5); null when the connection has none.</summary>
    public string? Address { get; }

    /// <summary>The resource attributes it is written as.</summary>
    public ResourceStamp Stamp { get; }

    /// <summary>The sender of a request that came from <paramref name="remote"/> (an IPv4 client of a dual-stack listener as IPv4).</summary>
    public static ExportSender Of(string? keyName, IPAddress? remote) =>
        new(keyName, (remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote)?.ToString());
}
