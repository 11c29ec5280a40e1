using System.Text;

namespace CodexOtel.Setup;

/// <summary>A line diff in the unified format (<c>diff -u</c>): --- / +++ headers, @@ hunks with 3 lines of context.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The diff, or "" when the texts have the same lines.</summary>
    public static string Create(string before, string after, string beforeLabel, string afterLabel)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append("--- ").Append(beforeLabel).Append('\n');
        text.Append("+++ ").Append(afterLabel).Append('\n');
        var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != ' ').ToList();
        var first = 0;
        while (first < changes.Count)
        {
            // Changes closer than 2 × Context unchanged lines share a hunk.
            var last = first;
            while (last + 1 < changes.Count && changes[last + 1] - changes[last] - 1 <= 2 * Context)
            {
                last++;
            }

            AppendHunk(text, edits, Math.Max(0, changes[first] - Context), Math.Min(edits.Count, changes[last] + 1 + Context));
            first = last + 1;
        }

        return text.ToString();
    }

    private readonly record struct Edit(char Kind, string Line, int OldLine, int NewLine);

    private static void AppendHunk(StringBuilder text, List<Edit> edits, int start, int end)
    {
        var hunk = edits.GetRange(start, end - start);
        var oldCount = hunk.Count(e => e.Kind != '+');
        var newCount = hunk.Count(e => e.Kind != '-');

        // Line numbers are 1-based; an empty side names the line before it (diff -u does the same).
        var oldStart = hunk.FirstOrDefault(e => e.Kind != '+').OldLine is var o && oldCount > 0 ? o : OldLineBefore(edits, start);
        var newStart = hunk.FirstOrDefault(e => e.Kind != '-').NewLine is var n && newCount > 0 ? n : NewLineBefore(edits, start);
        text.Append($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
        foreach (var edit in hunk)
        {
            text.Append(edit.Kind).Append(edit.Line).Append('\n');
        }
    }

    private static int OldLineBefore(List<Edit> edits, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (edits[i].Kind != '+')
            {
                return edits[i].OldLine;
            }
        }

        return 0;
    }

    private static int NewLineBefore(List<Edit> edits, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (edits[i].Kind != '-')
            {
                return edits[i].NewLine;
            }
        }

        return 0;
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script from the longest common subsequence (after the common head and tail are set aside).</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }

        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < head; k++)
        {
            edits.Add(new Edit(' ', a[k], k + 1, k + 1));
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[head + x] == b[head + y])
            {
                edits.Add(new Edit(' ', a[head + x], head + x + 1, head + y + 1));
                x++;
                y++;
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit('-', a[head + x], head + x + 1, 0));
                x++;
            }
            else
            {
                edits.Add(new Edit('+', b[head + y], 0, head + y + 1));
                y++;
            }
        }

        for (var k = 0; k < tail; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - tail + k], a.Length - tail + k + 1, b.Length - tail + k + 1));
        }

        return edits;
    }
}
