namespace CodexOtel.Serve;

/// <summary>
/// Something loaded from files that is loaded again when they change: a certificate renewed by certbot or cert-manager
/// is taken by the next connection, without a restart. The files' times are looked at once a second at most. A
/// reload that fails (a half-written file, a key that no longer matches) keeps what was loaded before and logs why;
/// the next change is tried again.
/// </summary>
internal sealed class ReloadingFiles<T>(string[] paths, Func<string[], T> load, Func<ILogger> log)
    where T : class
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private T _current = load(paths);
    private DateTime[] _loadedTimes = Times(paths);
    private DateTime _checkedAt = DateTime.UtcNow;

    /// <summary>What the files hold now (or held at the last load that worked).</summary>
    public T Current
    {
        get
        {
            var now = DateTime.UtcNow;
            if (now - _checkedAt < CheckInterval)
            {
                return _current;
            }

            lock (_gate)
            {
                if (now - _checkedAt >= CheckInterval)
                {
                    _checkedAt = now;
                    ReloadIfChanged();
                }

                return _current;
            }
        }
    }

    private void ReloadIfChanged()
    {
        var times = Times(paths);
        if (times.SequenceEqual(_loadedTimes))
        {
            return;
        }

        try
        {
            _current = load(paths);
            log().LogInformation("reloaded {Files}", string.Join(", ", paths));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException or InvalidDataException)
        {
            log().LogWarning("cannot reload {Files}, keeping the ones loaded before: {Reason}", string.Join(", ", paths), e.Message);
        }

        _loadedTimes = times;
    }

    private static DateTime[] Times(string[] paths) => [.. paths.Select(File.GetLastWriteTimeUtc)];
}
