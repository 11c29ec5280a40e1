using CodexOtel.Processors.Redaction;
using Tomlyn.Syntax;

namespace CodexOtel.Config;

/// <summary>
/// <c>[[redaction.rules]]</c>: each table a <c>name</c> and a <c>pattern</c>. A pattern that does not compile is an
/// error on its line, so serve and import never start with a rule that does nothing.
/// </summary>
public sealed class RedactionRulesKind : TableListKind
{
    public override string Valid => "[[redaction.rules]] tables, each with name = \"…\" and pattern = \"…\" (a .NET regular expression)";

    public override IReadOnlyList<string> Keys { get; } = ["name", "pattern"];

    public override string Show(object? value) => value is IReadOnlyList<UserRedactionRule> { Count: > 0 } rules
        ? string.Join(", ", rules.Select(r => r.Name))
        : "(none)";

    internal override object? FromTables(IReadOnlyList<TomlTable> tables, Action<int, string, string> problem)
    {
        var rules = new List<UserRedactionRule>();
        foreach (var table in tables)
        {
            foreach (var (key, (_, line)) in table.Values.Where(v => !Keys.Contains(v.Key)))
            {
                problem(line, $"[[redaction.rules]] {key} is not a setting; a rule has name and pattern", $"remove {key} from line {line}");
            }

            var name = StringValue(table, "name", problem);
            var pattern = StringValue(table, "pattern", problem);
            if (name is null || pattern is null)
            {
                continue;
            }

            if (!UserRedactionRule.IsValidName(name.Value.Text) || BuiltInRules.All.Any(r => r.Name == name.Value.Text) || rules.Any(r => r.Name == name.Value.Text))
            {
                problem(name.Value.Line, $"[[redaction.rules]] name = \"{name.Value.Text}\" is not a name a rule can have (built-in rules and other rules have theirs; {UserRedactionRule.ValidName})", $"give the rule on line {name.Value.Line} a name of its own, e.g. \"internal_token\"");
                continue;
            }

            var rule = new UserRedactionRule(name.Value.Text, pattern.Value.Text);
            try
            {
                rule.Compile();
                rules.Add(rule);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                problem(pattern.Value.Line, $"[[redaction.rules]] pattern of {rule.Name} is not a regular expression codex-otel can run: {e.Message}", $"correct the pattern on line {pattern.Value.Line} (a .NET regular expression, without lookarounds or backreferences; a 'literal string' keeps backslashes as written)");
            }
        }

        return rules;
    }

    private static (string Text, int Line)? StringValue(TomlTable table, string key, Action<int, string, string> problem)
    {
        if (!table.Values.TryGetValue(key, out var entry))
        {
            problem(table.Line, $"[[redaction.rules]] has no {key}", $"add {key} = \"…\" to the rule on line {table.Line}");
            return null;
        }

        if (entry.Value is not StringValueSyntax { Value: { Length: > 0 } text })
        {
            problem(entry.Line, $"[[redaction.rules]] {key} must be a string that is not empty", $"set {key} = \"…\" on line {entry.Line}");
            return null;
        }

        return (text, entry.Line);
    }
}
