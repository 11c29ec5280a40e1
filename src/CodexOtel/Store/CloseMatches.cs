namespace CodexOtel.Store;

/// <summary>
/// Ids that the user may have meant by an id that matches none: those that share a long prefix with it, and those
/// whose beginning is a typo or two away from it.
/// </summary>
public static class CloseMatches
{
    public const int MaxResults = 5;

    public static IReadOnlyList<string> Rank(string input, IEnumerable<string> ids)
    {
        var maxDistance = input.Length switch { < 8 => 1, < 20 => 2, _ => 3 };
        var minShared = Math.Max(4, input.Length / 2);
        var ranked = new List<(string Id, int Distance, int Shared)>();
        var rows = new int[2][];
        foreach (var id in ids)
        {
            var shared = SharedPrefix(input, id);
            var distance = PrefixDistance(input, id, maxDistance, rows);
            if (distance <= maxDistance || shared >= minShared)
            {
                ranked.Add((id, Math.Min(distance, input.Length - shared), shared));
            }
        }

        return ranked
            .OrderBy(r => r.Distance)
            .ThenByDescending(r => r.Shared)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(MaxResults)
            .Select(r => r.Id)
            .ToList();
    }

    public static int SharedPrefix(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && char.ToLowerInvariant(a[i]) == char.ToLowerInvariant(b[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Levenshtein distance between <paramref name="input"/> and the best-matching beginning of <paramref name="id"/>;
    /// anything above <paramref name="limit"/> is reported as limit + 1.
    /// </summary>
    public static int PrefixDistance(string input, string id, int limit) => PrefixDistance(input, id, limit, new int[2][]);

    private static int PrefixDistance(string input, string id, int limit, int[][] rows)
    {
        // Beyond input.Length + limit characters no beginning of the id can be within the limit.
        var length = Math.Min(id.Length, input.Length + limit);
        if (rows[0] is null || rows[0].Length < length + 1)
        {
            rows[0] = new int[length + 1];
            rows[1] = new int[length + 1];
        }

        var previous = rows[0];
        var current = rows[1];
        for (var j = 0; j <= length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= input.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= length; j++)
            {
                var cost = char.ToLowerInvariant(input[i - 1]) == char.ToLowerInvariant(id[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        // The input may match any beginning of the id: the best over the last row.
        var best = limit + 1;
        foreach (var d in previous.AsSpan(0, length + 1))
        {
            best = Math.Min(best, d);
        }

        return best;
    }
}
