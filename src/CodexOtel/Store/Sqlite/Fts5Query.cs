using System.Text;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word a quoted phrase, all of them
/// required; a trailing <c>*</c> keeps its prefix meaning.
/// </summary>
internal static class Fts5Query
{
    /// <summary>The query, or null when the text has no words.</summary>
    public static string? From(string text)
    {
        var query = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = word.Length > 1 && word.EndsWith('*');
            var term = (prefix ? word[..^1] : word).Replace("\"", "\"\"", StringComparison.Ordinal);
            if (!term.Any(char.IsLetterOrDigit))
            {
                continue;
            }

            query.Append(query.Length == 0 ? "" : " ").Append('"').Append(term).Append('"');
            if (prefix)
            {
                query.Append('*');
            }
        }

        return query.Length == 0 ? null : query.ToString();
    }
}
