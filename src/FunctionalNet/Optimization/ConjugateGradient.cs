using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>
/// Nonlinear conjugate gradient, Polak–Ribière+ (Nocedal &amp; Wright §5.2):
/// d₀ = −g₀, x_{k+1} = x_k + α_k d_k (strong Wolfe), β = max(0, g_{k+1}ᵀ(g_{k+1} − g_k) / g_kᵀg_k),
/// d_{k+1} = −g_{k+1} + β d_k, restarting with −g every n steps, when β ≤ 0, or when d is not a descent direction.
/// With an exact line search on a quadratic it is linear CG and ends in at most n steps.
/// </summary>
public sealed record ConjugateGradient : Minimizer
{
    internal ConjugateGradient(StoppingRules stopping, double c1, double c2) : base(stopping)
    {
        C1 = c1;
        C2 = c2;
    }

    /// <inheritdoc/>
    public override string Name => "cg";

    /// <summary>Sufficient-decrease constant of the line search.</summary>
    public double C1 { get; }

    /// <summary>Curvature constant of the line search.</summary>
    public double C2 { get; }

    private protected override IEnumerable<MinimizerIterate> Run(Objective objective, ImmutableArray<double> start, int statesEvery)
    {
        var budget = new EvaluationBudget(objective, Stopping.MaxEvaluations);
        double[] x = [.. start], g = new double[x.Length], d = new double[x.Length];
        double f = budget.Evaluate(x, g);
        TensorPrimitives.Negate(g, d);
        // As scipy does: pretend the previous cost was f + ‖g‖/2, so the first trial step is about 1/‖g‖.
        double fPrevious = f + TensorPrimitives.Norm(g) / 2;
        foreach (var iterate in Steps(budget, 0, x, f, g, d, fPrevious, 0, AtStart(f, g), statesEvery))
            yield return iterate;
    }

    private protected override IEnumerable<MinimizerIterate> Continue(Objective objective, MinimizerState state, int statesEvery)
    {
        var s = (ConjugateGradientState)state;
        var budget = new EvaluationBudget(objective, Stopping.MaxEvaluations, s.Evaluations);
        foreach (var iterate in Steps(budget, s.Iteration, [.. s.Point], s.Cost, [.. s.Gradient], [.. s.Direction], s.PreviousCost, s.SinceRestart, null, statesEvery))
            yield return iterate;
    }

    private protected override string? KindProblem(MinimizerState state, int dimension) => state switch
    {
        ConjugateGradientState s when Length(s.Direction) != dimension => $"its direction has {Length(s.Direction)} entries, expected {dimension}",
        ConjugateGradientState { SinceRestart: < 0 } => "its steps since restart must be ≥ 0",
        ConjugateGradientState => null,
        _ => $"it is a {state.GetType().Name}, not a {nameof(ConjugateGradientState)}",
    };

    /// <summary>The iterations from iterate <paramref name="k0"/> on; every array argument is owned by this run.</summary>
    private IEnumerable<MinimizerIterate> Steps(EvaluationBudget budget, int k0, double[] x, double f, double[] g, double[] d, double fPrevious,
        int sinceRestart, StopReason? stop, int statesEvery)
    {
        int n = x.Length;
        var search = new LineSearch(C1, C2);
        double[] xNew = new double[n], gNew = new double[n];
        yield return Iterate(k0, x, f, g, budget, stop, statesEvery, State);
        if (stop is not null) yield break;

        for (int k = k0 + 1; ; k++)
        {
            double slope = TensorPrimitives.Dot(g, d);
            if (!(slope < 0))
            {
                TensorPrimitives.Negate(g, d);
                slope = -TensorPrimitives.Dot(g, g);
                sinceRestart = 0;
            }
            double trial = Math.Min(1, 1.01 * 2 * (f - fPrevious) / slope);
            if (!(trial > 0)) trial = 1;
            var result = search.Search(budget, x, f, g, d, trial, xNew, gNew);
            if (result.Step == 0)
            {
                yield return Iterate(k - 1, x, f, g, budget, NoProgress(k, budget));
                yield break;
            }

            double gg = TensorPrimitives.Dot(g, g);
            double beta = (TensorPrimitives.Dot(gNew, gNew) - TensorPrimitives.Dot(gNew, g)) / gg;
            sinceRestart++;
            if (!(beta > 0) || sinceRestart >= n || !result.Satisfied)
            {
                beta = 0;
                sinceRestart = 0;
            }
            TensorPrimitives.Multiply(d, beta, d);
            TensorPrimitives.Subtract(d, gNew, d);

            fPrevious = f;
            f = result.Cost;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            stop = AfterStep(k, fPrevious, f, g, budget);
            yield return Iterate(k, x, f, g, budget, stop, statesEvery, State);
            if (stop is not null) yield break;
        }

        MinimizerState State(MinimizerIterate at) =>
            new ConjugateGradientState(at.Iteration, at.Point, at.Cost, Snapshot(g), at.Evaluations, Snapshot(d), fPrevious, sinceRestart);
    }
}
