using System.Collections.Immutable;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization;

/// <summary>
/// A minimizer whose only memory between iterations is a set of L-BFGS curvature pairs (L-BFGS itself, and truncated
/// Newton's preconditioner): starting, resuming and checking a <see cref="QuasiNewtonState"/> are the same for both.
/// </summary>
public abstract record QuasiNewtonMinimizer : Minimizer
{
    private protected QuasiNewtonMinimizer(StoppingRules stopping) : base(stopping)
    {
    }

    /// <summary>How many curvature pairs the memory keeps.</summary>
    private protected abstract int PairCapacity { get; }

    /// <summary>The iterations from iterate <paramref name="k0"/> on; every argument is owned by this run.</summary>
    private protected abstract IEnumerable<MinimizerIterate> Steps(EvaluationBudget budget, int k0, double[] x, double f, double[] g,
        LbfgsMemory memory, StopReason? stop, int statesEvery);

    private protected sealed override IEnumerable<MinimizerIterate> Run(Objective objective, ImmutableArray<double> start, int statesEvery)
    {
        var budget = new EvaluationBudget(objective, Stopping.MaxEvaluations);
        double[] x = [.. start], g = new double[x.Length];
        double f = budget.Evaluate(x, g);
        foreach (var iterate in Steps(budget, 0, x, f, g, new LbfgsMemory(PairCapacity, x.Length), AtStart(f, g), statesEvery))
            yield return iterate;
    }

    private protected sealed override IEnumerable<MinimizerIterate> Continue(Objective objective, MinimizerState state, int statesEvery)
    {
        var s = (QuasiNewtonState)state;
        var budget = new EvaluationBudget(objective, Stopping.MaxEvaluations, s.Evaluations);
        var memory = LbfgsMemory.Restore(PairCapacity, s.Point.Length, s.Pairs);
        foreach (var iterate in Steps(budget, s.Iteration, [.. s.Point], s.Cost, [.. s.Gradient], memory, null, statesEvery))
            yield return iterate;
    }

    private protected sealed override string? KindProblem(MinimizerState state, int dimension)
    {
        if (state is not QuasiNewtonState s) return $"it is a {state.GetType().Name}, not a {nameof(QuasiNewtonState)}";
        if (s.Pairs.IsDefault) return "it has no pairs array";
        if (s.Pairs.Length > PairCapacity) return $"it holds {s.Pairs.Length} curvature pairs, the memory keeps {PairCapacity}";
        return s.Pairs.Any(p => p is null || Length(p.S) != dimension || Length(p.Y) != dimension)
            ? $"a curvature pair does not have {dimension} entries"
            : null;
    }

    /// <summary>The state after an accepted step: where the run is, plus a copy of the pairs.</summary>
    private protected static MinimizerState State(MinimizerIterate at, double[] gradient, LbfgsMemory memory) =>
        new QuasiNewtonState(at.Iteration, at.Point, at.Cost, Snapshot(gradient), at.Evaluations, memory.Snapshot());
}
