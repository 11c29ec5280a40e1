using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Structural JSON comparison with readable failures (object key order ignored, numbers compared by value).</summary>
public static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(JsonNode? expected, JsonNode? actual, string what)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"{what} differs.\nexpected: {Show(expected)}\nactual:   {Show(actual)}");
        }
    }

    /// <summary>The same elements in any order: each expected element matches a distinct actual one.</summary>
    public static void SameElements(IEnumerable<JsonNode?> expected, IEnumerable<JsonNode?> actual, string what)
    {
        var remaining = actual.ToList();
        var expectedList = expected.ToList();
        Assert.True(
            expectedList.Count == remaining.Count,
            $"{what}: expected {expectedList.Count}, got {remaining.Count}.\nexpected: {Show(new JsonArray([.. expectedList.Select(e => e?.DeepClone())]))}\n" +
            $"actual:   {Show(new JsonArray([.. remaining.Select(e => e?.DeepClone())]))}");
        foreach (var item in expectedList)
        {
            var match = remaining.FindIndex(candidate => JsonNode.DeepEquals(item, candidate));
            if (match < 0)
            {
                Assert.Fail($"{what}: no match for\n{Show(item)}\namong\n{Show(new JsonArray([.. remaining.Select(e => e?.DeepClone())]))}");
            }

            remaining.RemoveAt(match);
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";
}
