using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Optimization;

namespace FunctionalNet.Tests.Optimization;

/// <summary>Finite termination of CG, stopping rules, bad values and validation of the minimizers.</summary>
public sealed class MinimizerBehaviourTests
{
    [Property(MaxTest = 40)]
    public Property Cg_with_an_exact_line_search_solves_an_spd_quadratic_in_at_most_n_plus_2_iterations()
    {
        // Random SPD A = I + BᵀB/n (n = 2…30, B standard normal, so cond(A) ≲ 5), b random. c₂ = 1e-8 makes the Wolfe
        // search exact (interpolation is exact on a quadratic). The conditioning is kept moderate on purpose: even textbook
        // linear CG in double needs 29 steps for n = 26 when A = BᵀB + I (cond ≈ 100), as numpy shows.
        return Prop.ForAll(FsCheck.Fluent.Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = Rng.Create((ulong)seed);
            int n = 2 + rng.NextInt(0, 29);
            var bm = new double[n * n];
            rng.Fork(1).FillNormal<double>(bm, 0, 1);
            var a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += bm[k * n + i] * bm[k * n + j] / n;
                    a[i * n + j] = s;
                }
            var b = new double[n];
            rng.Fork(2).FillNormal<double>(b, 0, 1);
            var objective = new Objective(n, (x, g) =>
            {
                double f = 0;
                for (int i = 0; i < n; i++)
                {
                    double ax = 0;
                    for (int j = 0; j < n; j++) ax += a[i * n + j] * x[j];
                    g[i] = ax - b[i];
                    f += 0.5 * x[i] * ax - b[i] * x[i];
                }
                return f;
            });
            var rules = StoppingRules.Create(gradientTolerance: 1e-6 * Norm(b), functionTolerance: 0).Get();
            var last = Minimizer.ConjugateGradient(rules, c1: 1e-9, c2: 1e-8).Get().Minimize(objective, [.. new double[n]]).Last();
            Assert.True(last.Stop!.Kind == StopKind.GradientTolerance && last.Iteration <= n + 2,
                $"n = {n}: {last.Iteration} iterations, ‖g‖ = {last.GradientNorm:E2}, {last.Stop}");
        });
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void The_trace_is_lazy_deterministic_and_ends_with_one_stop_reason(string method)
    {
        int calls = 0;
        var inner = TestProblems.Rosenbrock(4);
        var counted = inner with { CostAndGradient = (x, g) => { calls++; return inner.CostAndGradient(x, g); } };
        var minimizer = MinimizerConvergenceTests.Create(method, StoppingRules.Create(maxEvaluations: 60).Get());
        var trace = minimizer.Minimize(counted, [.. TestProblems.RosenbrockStart(4)]);
        Assert.Equal(0, calls);

        var first = trace.ToList();
        var second = trace.ToList();
        Assert.Equal(first.Select(i => (i.Cost, i.Evaluations)), second.Select(i => (i.Cost, i.Evaluations)));
        Assert.True(Enumerable.Zip(first, second, (a, b) => a.Point.SequenceEqual(b.Point)).All(same => same));
        Assert.All(first[..^1], i => Assert.Null(i.Stop));
        Assert.NotNull(first[^1].Stop);
        Assert.True(first[^1].Evaluations <= 60);
        // Costs never go up: every accepted step satisfies sufficient decrease.
        Assert.True(Enumerable.Zip(first, first.Skip(1), (a, b) => b.Cost <= a.Cost).All(down => down));
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void A_nan_at_the_start_ends_the_trace_with_a_divergence_reason(string method)
    {
        var objective = new Objective(2, (x, g) => { g.Fill(double.NaN); return double.NaN; });
        var trace = MinimizerConvergenceTests.Create(method, StoppingRules.Default).Minimize(objective, [1.0, 2.0]).ToList();
        Assert.Single(trace);
        Assert.Equal(StopKind.Diverged, trace[0].Stop!.Kind);
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("lbfgs")]
    [InlineData("tnc")]
    public void A_cost_that_is_nan_away_from_the_start_never_reaches_the_result(string method)
    {
        // f = ½‖x‖² inside the unit ball and NaN outside; from the boundary, trial steps land outside.
        var objective = new Objective(2, (x, g) =>
        {
            double r2 = x[0] * x[0] + x[1] * x[1];
            x.CopyTo(g);
            return r2 <= 1 ? 0.5 * r2 : double.NaN;
        });
        var last = MinimizerConvergenceTests.Create(method, StoppingRules.Default).Minimize(objective, [0.6, -0.79]).Last();
        Assert.True(double.IsFinite(last.Cost));
        Assert.True(last.Point.All(double.IsFinite));
    }

    [Fact]
    public void Tnc_without_exact_products_falls_back_to_differences_of_the_gradient()
    {
        var exact = TestProblems.Rosenbrock(2);
        var withoutHv = exact with { HessianVector = null };
        var last = Minimizer.TruncatedNewton().Get().Minimize(withoutHv, [.. TestProblems.RosenbrockStart(2)]).Last();
        Assert.Equal(StopKind.GradientTolerance, last.Stop!.Kind);
        Assert.True(Math.Abs(last.Point[0] - 1) < 1e-4 && Math.Abs(last.Point[1] - 1) < 1e-4, $"{last.Point[0]}, {last.Point[1]}");
    }

    [Fact]
    public void Invalid_hyper_parameters_are_rejected_with_precise_errors()
    {
        Assert.Equal(["lbfgs.memory"], Minimizer.Lbfgs(memory: 0).Errors().Select(e => e.Code));
        Assert.Equal(["cg.c2"], Minimizer.ConjugateGradient(c2: 0.5).Errors().Select(e => e.Code));
        Assert.Equal(["tnc.forcing", "tnc.max-inner"], Minimizer.TruncatedNewton(maxInner: 0, forcing: 1).Errors().Select(e => e.Code).Order());
        var stopping = StoppingRules.Create(maxEvaluations: 0, gradientTolerance: -1).Errors();
        Assert.Equal(["stopping.gradient-tolerance", "stopping.max-evaluations"], stopping.Select(e => e.Code).Order());
        Assert.Contains("found 0", stopping.Single(e => e.Code == "stopping.max-evaluations").Message);
    }

    [Fact]
    public void A_start_of_the_wrong_length_is_a_programming_error()
    {
        var cg = Minimizer.ConjugateGradient().Get();
        Assert.Throws<ArgumentException>(() => cg.Minimize(TestProblems.Quadratic(3), [1.0]));
    }
}
