using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace CodexOtel.Toml;

/// <summary>
/// Reads a TOML file's text into Tomlyn's document model through a source-generated serializer context, so that
/// reading config files needs no reflection (and works in a Native AOT build).
/// </summary>
internal static class TomlDocument
{
    /// <exception cref="TomlException">the text is not valid TOML</exception>
    public static TomlTable Parse(string toml) => TomlSerializer.Deserialize(toml, TomlDocumentContext.Default.TomlTable) ?? [];
}

[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlDocumentContext : TomlSerializerContext
{
}
