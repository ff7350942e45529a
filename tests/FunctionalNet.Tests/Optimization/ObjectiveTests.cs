using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>An objective's session is public state: compared by equality, kept or dropped by <c>with</c> as documented.</summary>
public sealed class ObjectiveTests
{
    [Fact]
    public void Equality_sees_the_session_and_with_keeps_it_unless_a_function_is_replaced()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 5, [7], 3, 20, true, 4);
        var objective = Objective.ForNetwork(c.Architecture, c.Batch);
        Assert.NotNull(objective.OpenSession);

        var copy = objective with { };
        Assert.Equal(objective, copy);
        Assert.Equal(objective.GetHashCode(), copy.GetHashCode());
        Assert.Same(objective.OpenSession, copy.OpenSession);

        var plain = new Objective(objective.Dimension, objective.CostAndGradient, objective.HessianVector);
        Assert.Null(plain.OpenSession);
        Assert.NotEqual(objective, plain); // same functions, but one is evaluated through sessions
        Assert.Equal(objective, new Objective(plain.Dimension, plain.CostAndGradient, plain.HessianVector, objective.OpenSession));

        Assert.Null((objective with { CostAndGradient = (x, g) => { g.Clear(); return 0; } }).OpenSession);
        Assert.Null((objective with { HessianVector = null }).OpenSession);
        Assert.Same(objective.OpenSession, (objective with { Dimension = objective.Dimension }).OpenSession);
    }

    [Fact]
    public void Each_minimizer_run_opens_its_own_session_and_evaluates_only_through_it()
    {
        var quadratic = TestProblems.Quadratic(6);
        int opened = 0, sessionCalls = 0, sharedCalls = 0;
        var objective = new Objective(quadratic.Dimension,
            (x, g) => { sharedCalls++; return quadratic.CostAndGradient(x, g); },
            quadratic.HessianVector,
            () =>
            {
                opened++;
                return new Objective(quadratic.Dimension, (x, g) => { sessionCalls++; return quadratic.CostAndGradient(x, g); }, quadratic.HessianVector);
            });
        var lbfgs = Minimizer.Lbfgs().Get();

        var first = lbfgs.Minimize(objective, [.. new double[6]]).Last();
        var second = lbfgs.Minimize(objective, [.. new double[6]]).Last();

        Assert.Equal(2, opened);
        Assert.Equal(0, sharedCalls);
        Assert.Equal(first.Evaluations + second.Evaluations, sessionCalls);
    }
}
