using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>A segment that holds at least one line, with its id (the hash of its first line).</summary>
internal readonly record struct IdentifiedSegment(LedgerSegment Segment, string Id);

/// <summary>
/// A tailer's listing of a signal's segments, kept between reads: listing the folder and opening every chain file on
/// each read cost more than the read once a ledger had many segments. Rotated segments do not change (compression
/// only renames their data; a reader that finds a file gone relists), so the listing stays valid while the active
/// segment is the one it was: <see cref="Current"/> checks that by reading the active chain's first entry, and
/// relists when rotation replaced it or it gained its first line. A relist opens only chains it has not seen.
/// </summary>
internal sealed class SegmentCatalog(string dataDir, Signal signal)
{
    private readonly Dictionary<string, string> _rotatedIds = new(StringComparer.Ordinal);
    private List<IdentifiedSegment>? _segments;
    private string? _activeId;

    /// <summary>How many times the folder was listed (tests check that reads do not list it each time).</summary>
    public int Listings { get; private set; }

    /// <summary>The segments holding a line, oldest first (the active one last when it holds one).</summary>
    public List<IdentifiedSegment> Current()
    {
        if (_segments is null || ActiveId() != _activeId)
        {
            return Refresh();
        }

        return _segments;
    }

    /// <summary>Lists the folder again.</summary>
    public List<IdentifiedSegment> Refresh()
    {
        Listings++;
        var before = ActiveId();
        var list = new List<IdentifiedSegment>();
        string? activeId = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in LedgerSegment.List(dataDir, signal))
        {
            string? id;
            if (segment.IsActive)
            {
                id = activeId = ActiveId();
            }
            else if (!_rotatedIds.TryGetValue(segment.ChainPath, out id))
            {
                id = FirstHash(segment);
                if (id is not null)
                {
                    _rotatedIds[segment.ChainPath] = id;
                }
            }

            if (id is not null)
            {
                seen.Add(segment.ChainPath);
                list.Add(new IdentifiedSegment(segment, id));
            }
        }

        // Forget segments removed by hand, so that the map does not grow past the folder.
        foreach (var gone in _rotatedIds.Keys.Where(path => !seen.Contains(path)).ToList())
        {
            _rotatedIds.Remove(gone);
        }

        // A rotation under way (its chain moved, its data not yet) or finished while the folder was listed may have left
        // its segment out: keep such a listing for this read only.
        var active = LedgerSegment.Active(dataDir, signal);
        var settled = before == activeId && (File.Exists(active.ChainPath) || !File.Exists(active.DataPath));
        (_segments, _activeId) = (settled ? list : null, activeId);
        return list;
    }

    /// <summary>Forgets the listing: the next <see cref="Current"/> lists the folder.</summary>
    public void Invalidate() => _segments = null;

    private string? ActiveId() => FirstHash(LedgerSegment.Active(dataDir, signal));

    private static string? FirstHash(LedgerSegment segment)
    {
        try
        {
            return ChainFile.ReadEntry(segment.ChainPath, last: false) is { } first ? Convert.ToHexStringLower(first.Hash) : null;
        }
        catch (FileNotFoundException)
        {
            return null; // moved by a rotation since it was listed
        }
    }
}
