using System.Globalization;
using System.Net;

namespace CodexOtel.Serve;

/// <summary>A host:port to listen on. "localhost" means the loopback address; port 0 picks a free port.</summary>
public sealed record ListenAddress(IPEndPoint EndPoint, string Text)
{
    public bool IsLoopback => IPAddress.IsLoopback(EndPoint.Address);

    public static ListenAddress Parse(string text, string optionName)
    {
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(trimmed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"{optionName} \"{text}\" is not HOST:PORT; for example {optionName} 127.0.0.1:4318");
        }

        var host = trimmed[..colon].Trim('[', ']');
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException($"{optionName} \"{text}\": \"{host}\" is not an IP address; use 127.0.0.1, 0.0.0.0, ::1 or localhost");
        return new ListenAddress(new IPEndPoint(address, port), trimmed);
    }

    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
