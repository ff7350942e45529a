using FunctionalNet.Optimization.Scheduling;

namespace FunctionalNet.Tests.Optimization;

/// <summary>Schedules hit their boundary values; plateau reduction follows scikit-learn's adaptive rule.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void Schedules_hit_their_boundary_values()
    {
        Assert.Equal(0.3, Schedules.Constant(0.3).Get()(12345));
        var inverse = Schedules.InverseScaling(0.1, 0.5).Get();
        Assert.Equal(0.1, inverse(0));
        Assert.Equal(0.1 / 2, inverse(3), 15); // (3 + 1)^0.5 = 2
        var step = Schedules.StepDecay(1, 0.5, 10).Get();
        Assert.Equal(1, step(9));
        Assert.Equal(0.5, step(10));
        Assert.Equal(0.25, step(20));
        var exponential = Schedules.Exponential(2, 0.5, 4).Get();
        Assert.Equal(2, exponential(0));
        Assert.Equal(1, exponential(4), 15);
        var cosine = Schedules.Cosine(1, 100, 0.1).Get();
        Assert.Equal(1, cosine(0));
        Assert.Equal(0.55, cosine(50), 15);
        Assert.Equal(0.1, cosine(100), 15);
        Assert.Equal(0.1, cosine(1000), 15);
        var warm = Schedules.Warmup(10, cosine, 0).Get();
        Assert.Equal(0, warm(0));
        Assert.Equal(0.5, warm(5), 15);
        Assert.Equal(1, warm(10));
        Assert.Equal(cosine(40), warm(50));
        var joined = Schedules.Join(_ => 7, 3, t => t);
        Assert.Equal(7, joined(2));
        Assert.Equal(0, joined(3));
    }

    [Fact]
    public void Plateau_divides_by_five_after_two_stale_epochs()
    {
        var policy = PlateauPolicy.Create().Get();
        Assert.Equal(1, policy.Multiplier([1.0, 0.9, 0.8]));
        Assert.Equal(1, policy.Multiplier([1.0, 0.99995]));           // one stale epoch is not yet a plateau
        Assert.Equal(0.2, policy.Multiplier([1.0, 0.99995, 1.1]), 15);
        Assert.Equal(0.04, policy.Multiplier([1.0, 1, 1, 1, 1]), 15);
        Assert.Equal(0.2, policy.Multiplier([1.0, 1, 1, 0.5, 0.4]), 15);
    }

    [Fact]
    public void Invalid_schedule_arguments_are_rejected_with_precise_errors()
    {
        Assert.Equal(["cosine.steps", "cosine.final"], Schedules.Cosine(0.1, 0, 1).Errors().Select(e => e.Code));
        Assert.Equal(["step-decay.factor"], Schedules.StepDecay(1, 2, 5).Errors().Select(e => e.Code));
        Assert.Equal(["constant.value"], Schedules.Constant(-1).Errors().Select(e => e.Code));
        Assert.Equal(["plateau.factor", "plateau.patience"], PlateauPolicy.Create(factor: 1, patience: 0).Errors().Select(e => e.Code));
    }
}
