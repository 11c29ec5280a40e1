namespace CodexOtel.Toml;

/// <summary>One key of a TOML path; <see cref="Quoted"/> writes it as a quoted key even when a bare one would do.</summary>
internal readonly record struct TomlKey(string Name, bool Quoted = false)
{
    public static implicit operator TomlKey(string name) => new(name);

    public override string ToString() => Name;
}
