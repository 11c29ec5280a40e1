using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CodexOtel.Bench.Ingest;

/// <summary>Polls a loopback port with TCP connects every couple of milliseconds until one is accepted.</summary>
internal static class ReadyProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <returns>time since <paramref name="spawned"/> at which the first connection was accepted</returns>
    public static async Task<TimeSpan> WaitForListenerAsync(int port, long spawned, Process process, TimeSpan timeout)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        while (true)
        {
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                    return Stopwatch.GetElapsedTime(spawned);
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {process.ExitCode} before listening on {port}");
            }

            if (Stopwatch.GetElapsedTime(spawned) > timeout)
            {
                throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s");
            }

            Thread.Sleep(PollInterval);
        }
    }
}
