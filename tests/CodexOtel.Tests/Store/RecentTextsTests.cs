using System.Text;
using CodexOtel.Store;

namespace CodexOtel.Tests.Store;

public class RecentTextsTests
{
    [Fact]
    public void The_same_bytes_give_the_same_string_each_time()
    {
        var texts = new RecentTexts();

        var first = texts.Of("019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b"u8);
        var second = texts.Of("019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b"u8.ToArray());

        Assert.Equal("019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Thousands_of_values_that_share_slots_each_come_back_as_their_own_text()
    {
        var texts = new RecentTexts();
        var values = Enumerable.Range(0, 5000).Select(i => $"conversation-{i}-é").ToList();

        // Twice over, interleaved: values that collide evict each other and are made again, never swapped.
        foreach (var value in values.Concat(values.AsEnumerable().Reverse()))
        {
            Assert.Equal(value, texts.Of(Encoding.UTF8.GetBytes(value)));
        }
    }

    [Fact]
    public void Values_longer_than_the_limit_are_made_anew_and_exact()
    {
        var texts = new RecentTexts();
        var value = new string('x', RecentTexts.MaxBytes + 1);

        var first = texts.Of(Encoding.UTF8.GetBytes(value));
        var second = texts.Of(Encoding.UTF8.GetBytes(value));

        Assert.Equal(value, first);
        Assert.Equal(value, second);
        Assert.NotSame(first, second);
        Assert.Equal(string.Empty, texts.Of([]));
    }
}
