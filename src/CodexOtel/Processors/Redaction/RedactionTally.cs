using System.Text;

namespace CodexOtel.Processors.Redaction;

/// <summary>What was redacted in one record (a log record, span, data point, resource or scope), by rule.</summary>
public sealed class RedactionTally(IReadOnlyList<RedactionRule> rules)
{
    /// <summary>The attribute that says what was redacted: <c>openai_api_key:1,github_token:2</c>, never a value.</summary>
    public const string MarkerKey = "codex_otel.redacted";

    private readonly int[] _counts = new int[rules.Count];
    private int _total;

    public bool Any => _total > 0;

    public void Add(int rule, int count)
    {
        _counts[rule] += count;
        _total += count;
    }

    /// <summary>The marker's value, rules in the order they run; starts the next record's tally afresh.</summary>
    public string TakeMarker()
    {
        var marker = new StringBuilder();
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                marker.Append(marker.Length > 0 ? "," : "").Append(rules[i].Name).Append(':').Append(_counts[i]);
                _counts[i] = 0;
            }
        }

        _total = 0;
        return marker.ToString();
    }
}
