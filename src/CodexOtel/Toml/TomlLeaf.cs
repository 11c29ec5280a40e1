using Tomlyn.Syntax;

namespace CodexOtel.Toml;

/// <summary>A value the editor writes: how it reads as TOML, and whether a value in the file already is it.</summary>
internal abstract record TomlLeaf
{
    private TomlLeaf()
    {
    }

    public abstract string Render();

    public abstract bool Matches(ValueSyntax? value);

    public sealed record Text(string Value) : TomlLeaf
    {
        public override string Render() => TomlText.String(Value);

        public override bool Matches(ValueSyntax? value) => value is StringValueSyntax s && s.Value == Value;
    }

    public sealed record Bool(bool Value) : TomlLeaf
    {
        public override string Render() => Value ? "true" : "false";

        public override bool Matches(ValueSyntax? value) => value is BooleanValueSyntax b && b.Value == Value;
    }
}
