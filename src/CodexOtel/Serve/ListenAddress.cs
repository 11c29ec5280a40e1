using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace CodexOtel.Serve;

/// <summary>A host:port to listen on. "localhost" means the loopback address; port 0 picks a free port.</summary>
public sealed record ListenAddress(IPEndPoint EndPoint, string Text)
{
    public bool IsLoopback => IPAddress.IsLoopback(EndPoint.Address);

    public static ListenAddress Parse(string text, string optionName) =>
        TryParse(text, out var address, out var problem)
            ? address
            : throw new FormatException($"{optionName} \"{text}\" {problem}; for example {optionName} 127.0.0.1:4318");

    /// <summary>Parses HOST:PORT; else says what is wrong with it ("is not HOST:PORT", …).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ListenAddress? address, [NotNullWhen(false)] out string? problem)
    {
        (address, problem) = (null, null);
        var trimmed = text.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(trimmed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            problem = "is not HOST:PORT";
            return false;
        }

        var host = trimmed[..colon].Trim('[', ']');
        var ip = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : null;
        if (ip is null)
        {
            problem = $"is not HOST:PORT with an IP address: \"{host}\" is not one (use 127.0.0.1, 0.0.0.0, ::1 or localhost)";
            return false;
        }

        address = new ListenAddress(new IPEndPoint(ip, port), trimmed);
        return true;
    }

    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
