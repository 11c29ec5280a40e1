using CodexOtel.Pipeline;

namespace CodexOtel.Tests.Pipeline;

public sealed class DecodeBudgetTests
{
    [Fact]
    public void The_first_request_is_let_in_whatever_its_size_and_the_next_that_does_not_fit_is_told_to_retry()
    {
        var budget = new DecodeBudget(capacity: 100);

        using (budget.Admit(150))
        {
            var refused = Assert.Throws<ExportRefusedException>(() => budget.Admit(10));
            Assert.Equal((RefusalKind.Overloaded, TimeSpan.FromSeconds(1)), (refused.Kind, refused.RetryAfter));
        }

        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void Requests_fit_side_by_side_up_to_the_capacity_and_a_released_lease_makes_room()
    {
        var budget = new DecodeBudget(capacity: 100);
        var first = budget.Admit(60);
        using var second = budget.Admit(40);

        Assert.Throws<ExportRefusedException>(() => budget.Admit(1));
        first.Dispose();
        using var third = budget.Admit(60);

        Assert.Equal(100, budget.Used);
    }

    [Fact]
    public void A_request_too_small_to_count_holds_nothing()
    {
        var budget = new DecodeBudget(capacity: 1);
        using var full = budget.Admit(1);

        using var small = budget.Admit(0);

        Assert.Equal(1, budget.Used);
    }
}
