using System.Net;
using System.Net.Sockets;

namespace CodexOtel.Bench.Ingest;

/// <summary>Loopback ports picked before the server starts, so the bench can poll them from the moment it spawns.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
