using CodexOtel.Store.Sqlite;

namespace CodexOtel.Tests.Store;

public sealed class AttributeJsonTests
{
    private static readonly SharedValues Shared = new("the prompt", null, "conv-a", "codex.user_prompt", "gpt-5");

    private static readonly Dictionary<string, object?> Attributes = new()
    {
        ["event.name"] = "codex.user_prompt",
        ["prompt"] = "the prompt",
        ["nested"] = new List<object?> { new Dictionary<string, object?> { ["x"] = 1L }, "y" },
        ["app.version"] = "0.169.0",
        ["slug"] = "gpt-5",
        ["attempt"] = 2L,
        ["originator"] = "\u0001marked",
        ["ratio"] = 0.5,
        ["none"] = null,
    };

    [Fact]
    public void Stored_attributes_read_back_as_the_map_they_were_written_from()
    {
        var stored = AttributeJson.WriteStored(Attributes, Shared);

        Assert.Equal(Describe(Attributes), Describe(AttributeJson.Read(stored, Shared)));
    }

    [Fact]
    public void Each_attribute_is_found_alone_as_the_whole_map_has_it_and_a_missing_one_is_not()
    {
        var stored = AttributeJson.WriteStored(Attributes, Shared);

        foreach (var (key, expected) in Attributes)
        {
            Assert.True(AttributeJson.TryFind(stored, Shared, key, out var found), key);
            Assert.Equal(Describe(new Dictionary<string, object?> { [key] = expected }), Describe(new Dictionary<string, object?> { [key] = found }));
        }

        Assert.False(AttributeJson.TryFind(stored, Shared, "error.message", out _));
    }

    [Fact]
    public void Events_sharing_one_shape_each_find_their_own_values_and_shared_texts()
    {
        var first = AttributeJson.WriteStored(Attributes, Shared);
        var other = new Dictionary<string, object?>(Attributes) { ["prompt"] = "another prompt", ["attempt"] = 3L };
        var otherShared = Shared with { Text = "another prompt" };
        var second = AttributeJson.WriteStored(other, otherShared) with { Shape = first.Shape };

        Assert.True(AttributeJson.TryFind(first, Shared, "attempt", out var attempt));
        Assert.Equal(2L, attempt);
        Assert.True(AttributeJson.TryFind(second, otherShared, "attempt", out attempt));
        Assert.Equal(3L, attempt);
        Assert.True(AttributeJson.TryFind(second, otherShared, "prompt", out var prompt));
        Assert.Equal("another prompt", prompt);
        Assert.True(AttributeJson.TryFind(second, otherShared, "app.version", out var version));
        Assert.Equal("0.169.0", version);
        Assert.Equal(Describe(other), Describe(AttributeJson.Read(second, otherShared)));
    }

    private static string Describe(IReadOnlyDictionary<string, object?> map) => System.Text.Encoding.UTF8.GetString(AttributeJson.WriteObject(map));
}
