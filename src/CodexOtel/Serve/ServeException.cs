using System.Net.Sockets;
using CodexOtel.Ledger;

namespace CodexOtel.Serve;

/// <summary>A reason <c>serve</c> cannot start that the user can fix, with the fix.</summary>
public sealed class ServeException(string problem, string fix) : Exception(problem)
{
    public string Fix { get; } = fix;

    /// <summary>Turns a start-up failure into a problem and fix, or null when it is not one the user can fix.</summary>
    /// <remarks><paramref name="addresses"/>: each address serve listens on, with the flag that sets it.</remarks>
    public static ServeException? Explain(Exception error, IReadOnlyList<(string Flag, ListenAddress Address)> addresses)
    {
        var inner = error;
        while (inner.InnerException is not null && inner is not SocketException and not LedgerLockedException and not LedgerDamagedException)
        {
            inner = inner.InnerException;
        }

        switch (inner)
        {
            case LedgerLockedException locked:
                var running = ServeState.TryRead(locked.Folder);
                return new ServeException(
                    $"another codex-otel serve{(running is null ? "" : $" (pid {running.Pid}, HTTP {running.Http})")} is already recording to {locked.Folder}.",
                    "use that one, stop it first, or record elsewhere with --data DIR");
            case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
            case IOException when inner.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                var fixedPorts = addresses.Where(a => a.Address.EndPoint.Port != 0).DefaultIfEmpty(addresses[^1]).ToList();
                var (flag, busy) = fixedPorts.FirstOrDefault(a => error.Message.Contains($":{a.Address.EndPoint.Port}", StringComparison.Ordinal), fixedPorts[0]);
                return new ServeException(
                    $"{busy.Text} is in use by another program.",
                    $"pick another port: codex-otel serve {flag} {busy.EndPoint.Address}:{busy.EndPoint.Port + 10000}");
            case SocketException { SocketErrorCode: SocketError.AddressNotAvailable } socket:
                return new ServeException($"cannot listen there: {socket.Message}.", "use an address of this machine, e.g. 127.0.0.1");
            case LedgerDamagedException damaged:
                return new ServeException(damaged.Message, "codex-otel verify");
            case UnauthorizedAccessException access:
                return new ServeException($"no permission: {access.Message}", "choose a folder you own with --data DIR");
            default:
                return null;
        }
    }
}
