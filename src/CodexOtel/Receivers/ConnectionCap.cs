using System.Diagnostics;
using Microsoft.AspNetCore.Connections;

namespace CodexOtel.Receivers;

/// <summary>
/// Caps open connections across both ports. When the cap is reached, a new connection does not wait or get turned
/// away: an open connection without a request in progress is closed to make room for it. The one that has waited
/// longest for its first request's headers goes first; only when there is none, the one idle longest between
/// keep-alive requests.
/// </summary>
/// <remarks>
/// Why eviction rather than a plain cap (Kestrel's MaxConcurrentConnections): with a plain cap, a few thousand
/// connections that send their headers a byte at a time ("slowloris") hold every slot until the headers timeout, and
/// reconnect at once, so a real client only gets in by winning a race for a freed slot. A shorter timeout shortens
/// each hold but not the race; a per-address limit is no help when the attack comes from many addresses (or, in
/// tests, all from loopback). nginx answers running out of connections the same way: it closes its oldest
/// "reusable" connections, those waiting for a request (ngx_drain_connections). Here "waiting" also covers a request
/// whose headers have not all arrived, since Kestrel runs our middleware only once they have. A real client sends
/// its headers within a moment of connecting, so it stops being evictable long before the attacker's newer
/// connections can make it the oldest waiting one. Connections that have served a request go last: closing an idle
/// keep-alive connection costs its client a reconnect, and a request it sends at that very moment can fail.
/// Connections busy with a request are never evicted: their bodies are bounded by Kestrel's minimum data rate.
/// </remarks>
internal sealed class ConnectionCap(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Tracked> _open = [];

    /// <summary>Connection middleware for a Kestrel endpoint (<c>ListenOptions.Use</c>).</summary>
    public ConnectionDelegate Use(ConnectionDelegate next) => async connection =>
    {
        var tracked = new Tracked(connection);
        if (!TryAdmit(tracked))
        {
            return; // every slot is busy with a request: Kestrel closes this one, as it does past its own cap
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (_open.TryGetValue(connection.ConnectionId, out var current) && current == tracked)
                {
                    _open.Remove(connection.ConnectionId);
                }
            }
        }
    };

    /// <summary>HTTP middleware: marks the request's connection busy (not evictable) until the request ends.</summary>
    public async Task TrackRequestAsync(HttpContext context, RequestDelegate next)
    {
        Tracked? tracked;
        lock (_gate)
        {
            _open.TryGetValue(context.Connection.Id, out tracked);
        }

        tracked?.RequestStarted();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            tracked?.RequestEnded();
        }
    }

    private bool TryAdmit(Tracked tracked)
    {
        Tracked? evicted = null;
        lock (_gate)
        {
            if (_open.Count >= capacity)
            {
                evicted = LongestWaiting();
                if (evicted is null)
                {
                    return false;
                }

                // Forgotten at once, so that it is not chosen twice while it closes.
                _open.Remove(evicted.Id);
            }

            _open[tracked.Id] = tracked;
        }

        evicted?.Evict();
        return true;
    }

    /// <summary>Scans every connection, but only when the cap is reached: 1024 entries take microseconds.</summary>
    private Tracked? LongestWaiting()
    {
        Tracked? chosen = null;
        (bool Served, long Since) chosenKey = default;
        foreach (var candidate in _open.Values)
        {
            if (candidate.WaitingSince is { } since)
            {
                var key = (candidate.Served, since);
                if (chosen is null || key.CompareTo(chosenKey) < 0)
                {
                    (chosen, chosenKey) = (candidate, key);
                }
            }
        }

        return chosen;
    }

    private sealed class Tracked(ConnectionContext connection)
    {
        private int _requests;
        private long _waitingSince = Stopwatch.GetTimestamp();
        private volatile bool _served;

        public string Id => connection.ConnectionId;

        /// <summary>Whether a request has been seen on it: then it is a client's keep-alive connection, not slowloris.</summary>
        public bool Served => _served;

        /// <summary>When the connection last had no request in progress; null while it has one.</summary>
        public long? WaitingSince => Volatile.Read(ref _requests) == 0 ? Volatile.Read(ref _waitingSince) : null;

        public void RequestStarted()
        {
            _served = true;
            Interlocked.Increment(ref _requests);
        }

        public void RequestEnded()
        {
            Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());
            Interlocked.Decrement(ref _requests);
        }

        public void Evict() => connection.Abort(new ConnectionAbortedException("closed to make room: the connection cap is reached"));
    }
}
