using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright Algorithm 7.4, the two-loop recursion): d = −H_k g with H_k built from
/// the last m pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k and the initial scaling γ = sᵀy / yᵀy; strong-Wolfe
/// line search with trial step 1 (1/‖g‖ on the first step). Pairs with sᵀy ≤ 0 are skipped to keep H positive definite.
/// </summary>
public sealed record Lbfgs : Minimizer
{
    internal Lbfgs(StoppingRules stopping, int memory, double c1, double c2) : base(stopping)
    {
        Memory = memory;
        C1 = c1;
        C2 = c2;
    }

    /// <inheritdoc/>
    public override string Name => "lbfgs";

    /// <summary>Number of (s, y) pairs kept.</summary>
    public int Memory { get; }

    /// <summary>Sufficient-decrease constant of the line search.</summary>
    public double C1 { get; }

    /// <summary>Curvature constant of the line search.</summary>
    public double C2 { get; }

    private protected override IEnumerable<MinimizerIterate> Run(Objective objective, ImmutableArray<double> start, int statesEvery)
    {
        var evaluator = new Evaluator(objective, Stopping.MaxEvaluations);
        double[] x = [.. start], g = new double[x.Length];
        double f = evaluator.Evaluate(x, g);
        foreach (var iterate in Steps(evaluator, 0, x, f, g, new LbfgsMemory(Memory, x.Length), AtStart(f, g), statesEvery))
            yield return iterate;
    }

    private protected override IEnumerable<MinimizerIterate> Continue(Objective objective, MinimizerState state, int statesEvery)
    {
        var s = (QuasiNewtonState)state;
        var evaluator = new Evaluator(objective, Stopping.MaxEvaluations, s.Evaluations);
        var memory = LbfgsMemory.Restore(Memory, s.Point.Length, s.Pairs);
        foreach (var iterate in Steps(evaluator, s.Iteration, [.. s.Point], s.Cost, [.. s.Gradient], memory, null, statesEvery))
            yield return iterate;
    }

    private protected override string? KindProblem(MinimizerState state, int dimension) =>
        state is QuasiNewtonState s ? PairsProblem(s, Memory, dimension) : $"it is a {state.GetType().Name}, not a {nameof(QuasiNewtonState)}";

    /// <summary>Why the pairs of <paramref name="state"/> do not fit a memory of <paramref name="memory"/> pairs of length <paramref name="dimension"/>.</summary>
    internal static string? PairsProblem(QuasiNewtonState state, int memory, int dimension)
    {
        if (state.Pairs.IsDefault) return "it has no pairs array";
        if (state.Pairs.Length > memory) return $"it holds {state.Pairs.Length} curvature pairs, the memory keeps {memory}";
        return state.Pairs.Any(p => p is null || Length(p.S) != dimension || Length(p.Y) != dimension)
            ? $"a curvature pair does not have {dimension} entries"
            : null;
    }

    /// <summary>The iterations from iterate <paramref name="k0"/> on; every argument is owned by this run.</summary>
    private IEnumerable<MinimizerIterate> Steps(Evaluator evaluator, int k0, double[] x, double f, double[] g, LbfgsMemory memory,
        StopReason? stop, int statesEvery)
    {
        int n = x.Length;
        var search = new LineSearch(C1, C2);
        double[] xNew = new double[n], gNew = new double[n], d = new double[n];
        yield return Iterate(k0, x, f, g, evaluator, stop, statesEvery, State);
        if (stop is not null) yield break;

        for (int k = k0 + 1; ; k++)
        {
            memory.Apply(g, d);
            TensorPrimitives.Negate(d, d);
            double trial = memory.Count == 0 ? Math.Min(1, 1 / TensorPrimitives.Norm(g)) : 1;
            if (!(TensorPrimitives.Dot(g, d) < 0))
            {
                // Rounding made H indefinite: forget the memory and take a gradient step.
                memory.Clear();
                TensorPrimitives.Negate(g, d);
                trial = Math.Min(1, 1 / TensorPrimitives.Norm(g));
            }
            var result = search.Search(evaluator, x, f, g, d, trial, xNew, gNew);
            if (result.Step == 0)
            {
                yield return Iterate(k - 1, x, f, g, evaluator, NoProgress(k, evaluator));
                yield break;
            }

            memory.Push(x, g, xNew, gNew);

            double fOld = f;
            f = result.Cost;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            stop = AfterStep(k, fOld, f, g, evaluator);
            yield return Iterate(k, x, f, g, evaluator, stop, statesEvery, State);
            if (stop is not null) yield break;
        }

        MinimizerState State(MinimizerIterate at) =>
            new QuasiNewtonState(at.Iteration, at.Point, at.Cost, Snapshot(g), at.Evaluations, memory.Snapshot());
    }
}
