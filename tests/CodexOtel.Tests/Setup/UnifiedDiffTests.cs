using CodexOtel.Setup;

namespace CodexOtel.Tests.Setup;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Same_lines_give_no_diff()
    {
        Assert.Equal("", UnifiedDiff.Create("a\nb\n", "a\nb\n", "x", "y"));
    }

    [Fact]
    public void Changes_more_than_six_lines_apart_are_separate_hunks_with_three_lines_of_context()
    {
        var before = string.Concat(Enumerable.Range(1, 13).Select(i => $"line {i}\n"));
        var after = before.Replace("line 6\n", "line six\n", StringComparison.Ordinal) + "line 14\n";

        Assert.Equal(
            """
            --- a
            +++ b
            @@ -3,7 +3,7 @@
             line 3
             line 4
             line 5
            -line 6
            +line six
             line 7
             line 8
             line 9
            @@ -11,3 +11,4 @@
             line 11
             line 12
             line 13
            +line 14

            """,
            UnifiedDiff.Create(before, after, "a", "b"));
    }

    [Fact]
    public void A_new_file_is_one_hunk_of_additions()
    {
        Assert.Equal("--- /dev/null\n+++ c\n@@ -0,0 +1,2 @@\n+[otel]\n+x = 1\n", UnifiedDiff.Create("", "[otel]\nx = 1\n", "/dev/null", "c"));
    }
}
