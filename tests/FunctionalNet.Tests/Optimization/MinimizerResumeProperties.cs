using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// A minimizer resumed from the state it recorded at iteration k continues exactly as the uninterrupted run: the same
/// points, costs, evaluation counts and stop reason, bit for bit — on random networks and on Rosenbrock.
/// </summary>
public sealed class MinimizerResumeProperties
{
    private static readonly StoppingRules Rules = StoppingRules.Create(maxEvaluations: 400, maxIterations: 40, gradientTolerance: 1e-9).Get();

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void Resuming_from_a_recorded_state_continues_the_run_bit_for_bit(string method)
    {
        var cases = RandomNetworks.Cases(Activation.Tanh, new BinaryCrossEntropy(), kinkMargin: 0, maxHidden: 2, maxWidth: 6);
        Properties.Check(Prop.ForAll(cases, Arb.From(Gen.Choose(1, 12)), (c, every) =>
        {
            var objective = Objective.ForNetwork(c.Architecture, c.Batch);
            AssertResumesExactly(MinimizerConvergenceTests.Create(method, Rules), objective, [.. c.Parameters.Flat], every);
        }), cases: 40);
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void Resuming_on_rosenbrock_fills_and_wraps_the_curvature_memory(string method)
    {
        // 40 iterations on Rosenbrock push more pairs than any memory keeps, so the ring has wrapped at later states.
        var (objective, start, _) = MinimizerConvergenceTests.Problem("rosenbrock-10");
        for (int every = 1; every <= 13; every += 4)
            AssertResumesExactly(MinimizerConvergenceTests.Create(method, Rules), objective, start, every);
    }

    [Fact]
    public void A_state_of_another_minimizer_or_dimension_is_refused_with_its_reason()
    {
        var (objective, start, _) = MinimizerConvergenceTests.Problem("rosenbrock-2");
        var cgState = Minimizer.ConjugateGradient(Rules).Get().Minimize(objective, [.. start], statesEvery: 1).Skip(1).First().State!;
        var lbfgs = Minimizer.Lbfgs(stopping: Rules).Get();
        var e = Assert.Throws<ArgumentException>(() => lbfgs.Resume(objective, cgState));
        Assert.Contains("ConjugateGradientState", e.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 10", Assert.Throws<ArgumentException>(() =>
            Minimizer.ConjugateGradient(Rules).Get().Resume(TestProblems.Rosenbrock(10), cgState)).Message, StringComparison.Ordinal);
        var tooMany = new QuasiNewtonState(3, [.. start], 1, [0.0, 0.0], 9, [.. Enumerable.Repeat(new CurvaturePair([1.0, 0.0], [1.0, 0.0], 1), 11)]);
        Assert.Contains("holds 11 curvature pairs", lbfgs.StateProblem(tooMany, 2), StringComparison.Ordinal);
    }

    private static void AssertResumesExactly(Minimizer minimizer, Objective objective, double[] start, int every)
    {
        var whole = minimizer.Minimize(objective, [.. start], statesEvery: every).ToList();
        var plain = minimizer.Minimize(objective, [.. start]).ToList();
        // Asking for states must not change the run itself.
        Assert.Equal(plain.Select(Fingerprint), whole.Select(Fingerprint));
        Assert.All(whole, it => Assert.True(it.State is null || it.Iteration % every == 0));
        Assert.NotNull(whole[0].State);
        foreach (var at in whole.Where(it => it.State is not null && it.Stop is null))
        {
            var resumed = minimizer.Resume(objective, at.State!, statesEvery: every).ToList();
            var expected = whole.SkipWhile(it => it.Iteration < at.Iteration).ToList();
            Assert.Equal(expected.Select(Fingerprint), resumed.Select(Fingerprint));
        }
    }

    private static string Fingerprint(MinimizerIterate it) =>
        $"{it.Iteration} {BitConverter.DoubleToInt64Bits(it.Cost):X} {BitConverter.DoubleToInt64Bits(it.GradientNorm):X} {it.Evaluations} {it.Stop} "
        + string.Join(",", it.Point.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X", System.Globalization.CultureInfo.InvariantCulture)));
}
