using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization;

/// <summary>
/// A full-batch minimizer over a flat vector: an unfold over an <see cref="Objective"/> that lazily yields
/// immutable <see cref="MinimizerIterate"/>s — the start, then one per accepted step — the last carrying the
/// <see cref="StopReason"/>. Nothing runs until the sequence is enumerated; each enumeration starts afresh.
/// </summary>
public abstract record Minimizer
{
    private protected Minimizer(StoppingRules stopping) => Stopping = stopping;

    /// <summary>Short name: <c>cg</c>, <c>lbfgs</c>, <c>tnc</c>.</summary>
    public abstract string Name { get; }

    /// <summary>When the sequence ends.</summary>
    public StoppingRules Stopping { get; init; }

    /// <summary>Lazily minimizes <paramref name="objective"/> from <paramref name="start"/>.</summary>
    /// <param name="objective">The function to minimize.</param>
    /// <param name="start">x₀.</param>
    /// <param name="statesEvery">Attach a resumable <see cref="MinimizerIterate.State"/> to every iterate whose iteration is a
    /// multiple of this (0 = never): snapshots cost a copy of the minimizer's memory, so they are taken only when asked for.</param>
    /// <exception cref="ArgumentException">The start does not have the objective's dimension, or <paramref name="statesEvery"/> is negative.</exception>
    public IEnumerable<MinimizerIterate> Minimize(Objective objective, ImmutableArray<double> start, int statesEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegative(statesEvery);
        if (start.IsDefault || start.Length != objective.Dimension)
            throw new ArgumentException($"the objective has dimension {objective.Dimension}, the start has {(start.IsDefault ? 0 : start.Length)}", nameof(start));
        return Run(objective, start, statesEvery);
    }

    /// <summary>
    /// Lazily continues a run from one of its <see cref="MinimizerIterate.State"/>s: the sequence starts with the iterate
    /// the state was taken at and goes on exactly as the uninterrupted run did, bit for bit (given the same objective and
    /// stopping rules; a larger iteration limit simply lets it run longer).
    /// </summary>
    /// <param name="objective">The function the state was taken on.</param>
    /// <param name="state">A state this kind of minimizer produced.</param>
    /// <param name="statesEvery">As in <see cref="Minimize"/>.</param>
    /// <exception cref="ArgumentException">The state is of another minimizer, or its vectors do not have the objective's dimension.</exception>
    public IEnumerable<MinimizerIterate> Resume(Objective objective, MinimizerState state, int statesEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(statesEvery);
        if (StateProblem(state, objective.Dimension) is { } problem)
            throw new ArgumentException($"{Name} cannot resume from this state: {problem}", nameof(state));
        return Continue(objective, state, statesEvery);
    }

    /// <summary>Why <paramref name="state"/> cannot continue this minimizer on a problem of <paramref name="dimension"/>, or null when it can.</summary>
    public string? StateProblem(MinimizerState state, int dimension)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Iteration < 0 || state.Evaluations < 0) return "its iteration and evaluation counts must be ≥ 0";
        if (Length(state.Point) != dimension || Length(state.Gradient) != dimension)
            return $"its point and gradient have {Length(state.Point)} and {Length(state.Gradient)} entries, the objective has dimension {dimension}";
        return KindProblem(state, dimension);
    }

    /// <summary>The unfold itself; <paramref name="start"/> has been checked.</summary>
    private protected abstract IEnumerable<MinimizerIterate> Run(Objective objective, ImmutableArray<double> start, int statesEvery);

    /// <summary>The unfold from a state that <see cref="StateProblem"/> accepted.</summary>
    private protected abstract IEnumerable<MinimizerIterate> Continue(Objective objective, MinimizerState state, int statesEvery);

    /// <summary>The minimizer-specific part of <see cref="StateProblem"/>.</summary>
    private protected abstract string? KindProblem(MinimizerState state, int dimension);

    private protected static int Length(ImmutableArray<double> values) => values.IsDefault ? 0 : values.Length;

    private protected static bool Wanted(int iteration, int statesEvery) => statesEvery > 0 && iteration % statesEvery == 0;

    /// <summary>Nonlinear conjugate gradient, Polak–Ribière+ with restarts and a strong-Wolfe line search.</summary>
    /// <param name="stopping">Stopping rules; <see cref="StoppingRules.Default"/> when null.</param>
    /// <param name="c1">Sufficient-decrease constant, 0 &lt; c₁ &lt; c₂.</param>
    /// <param name="c2">Curvature constant, c₁ &lt; c₂ &lt; ½ (so every direction is a descent direction).</param>
    public static Validation<Error, Minimizer> ConjugateGradient(StoppingRules? stopping = null, double c1 = 1e-4, double c2 = 0.4) =>
        WolfeProblems(c1, c2, 0.5, "cg") is { Count: > 0 } errors
            ? Validation<Error, Minimizer>.Fail(errors.ToSeq())
            : Success<Error, Minimizer>(new ConjugateGradient(stopping ?? StoppingRules.Default, c1, c2));

    /// <summary>Limited-memory BFGS with the two-loop recursion over the last <paramref name="memory"/> pairs.</summary>
    /// <param name="memory">Number of (s, y) pairs kept, m ≥ 1 (scipy: 10).</param>
    /// <param name="stopping">Stopping rules; <see cref="StoppingRules.Default"/> when null.</param>
    /// <param name="c1">Sufficient-decrease constant.</param>
    /// <param name="c2">Curvature constant (0.9 lets the unit step be accepted).</param>
    public static Validation<Error, Minimizer> Lbfgs(int memory = 10, StoppingRules? stopping = null, double c1 = 1e-4, double c2 = 0.9)
    {
        var errors = WolfeProblems(c1, c2, 1, "lbfgs");
        if (memory < 1) errors.Add(new Error("lbfgs.memory", $"L-BFGS memory m must be ≥ 1, found {memory}"));
        return errors.Count > 0
            ? Validation<Error, Minimizer>.Fail(errors.ToSeq())
            : Success<Error, Minimizer>(new Lbfgs(stopping ?? StoppingRules.Default, memory, c1, c2));
    }

    /// <summary>
    /// Truncated Newton: each outer step solves H p = −g approximately by conjugate gradients on exact
    /// Hessian-vector products, then line-searches along p.
    /// </summary>
    /// <param name="maxInner">Hessian-vector products per outer step, ≥ 1 (scipy TNC: max(1, min(50, n/2)); 10 measured best here).</param>
    /// <param name="stopping">Stopping rules; <see cref="StoppingRules.Default"/> when null.</param>
    /// <param name="forcing">η_max in the inner tolerance ‖r‖ ≤ min(η_max, √‖g‖)·‖g‖; in (0, 1).</param>
    /// <param name="c2">Curvature constant of the line search (scipy TNC's <c>eta</c> is 0.25).</param>
    public static Validation<Error, Minimizer> TruncatedNewton(int maxInner = 10, StoppingRules? stopping = null, double forcing = 0.5, double c2 = 0.2)
    {
        var errors = WolfeProblems(1e-4, c2, 1, "tnc");
        if (maxInner < 1) errors.Add(new Error("tnc.max-inner", $"inner CG iterations must be ≥ 1, found {maxInner}"));
        if (!(forcing > 0 && forcing < 1)) errors.Add(new Error("tnc.forcing", $"the forcing term must lie in (0, 1), found {Format(forcing)}"));
        return errors.Count > 0
            ? Validation<Error, Minimizer>.Fail(errors.ToSeq())
            : Success<Error, Minimizer>(new TruncatedNewton(stopping ?? StoppingRules.Default, maxInner, forcing, c2));
    }

    private static List<Error> WolfeProblems(double c1, double c2, double c2Max, string who)
    {
        var errors = new List<Error>();
        if (!(c1 > 0 && c1 < 1)) errors.Add(new Error($"{who}.c1", $"{who}: sufficient-decrease constant c1 must lie in (0, 1), found {Format(c1)}"));
        if (!(c2 > c1 && c2 < c2Max)) errors.Add(new Error($"{who}.c2", $"{who}: curvature constant c2 must lie in (c1, {Format(c2Max)}) = ({Format(c1)}, {Format(c2Max)}), found {Format(c2)}"));
        return errors;
    }

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private protected static ImmutableArray<double> Snapshot(ReadOnlySpan<double> x) => ImmutableArray.Create(x);

    private protected static MinimizerIterate Iterate(int iteration, ReadOnlySpan<double> x, double f, ReadOnlySpan<double> g, EvaluationBudget budget, StopReason? stop) =>
        new(iteration, Snapshot(x), f, System.Numerics.Tensors.TensorPrimitives.Norm(g), budget.Count, stop);

    /// <summary>An iterate with its resumable state, when <paramref name="statesEvery"/> asks for one at this iteration.</summary>
    private protected static MinimizerIterate Iterate(int iteration, ReadOnlySpan<double> x, double f, ReadOnlySpan<double> g, EvaluationBudget budget,
        StopReason? stop, int statesEvery, Func<MinimizerIterate, MinimizerState> state)
    {
        var iterate = Iterate(iteration, x, f, g, budget, stop);
        return Wanted(iteration, statesEvery) ? iterate with { State = state(iterate) } : iterate;
    }

    /// <summary>Checks the start: a non-finite cost or gradient, or a start that is already stationary.</summary>
    private protected StopReason? AtStart(double f, ReadOnlySpan<double> g)
    {
        if (!IsFinite(f, g)) return new StopReason(StopKind.Diverged, $"{Name}: the cost or gradient at the starting point is not finite (cost {Format(f)})");
        return GradientSmall(g) ? new StopReason(StopKind.GradientTolerance, $"{Name}: the starting point is stationary (‖g‖∞ ≤ {Format(Stopping.GradientTolerance)})") : null;
    }

    /// <summary>The stopping rules after an accepted step from cost <paramref name="fOld"/> to <paramref name="fNew"/>.</summary>
    private protected StopReason? AfterStep(int iteration, double fOld, double fNew, ReadOnlySpan<double> g, EvaluationBudget budget)
    {
        if (!IsFinite(fNew, g))
            return new StopReason(StopKind.Diverged, $"{Name}: the cost or gradient became non-finite at iteration {iteration}");
        if (GradientSmall(g))
            return new StopReason(StopKind.GradientTolerance, $"{Name}: ‖g‖∞ ≤ {Format(Stopping.GradientTolerance)} at iteration {iteration}");
        if ((fOld - fNew) <= Stopping.FunctionTolerance * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fNew)), 1))
            return new StopReason(StopKind.FunctionTolerance, $"{Name}: relative decrease ≤ {Format(Stopping.FunctionTolerance)} at iteration {iteration}");
        if (budget.Remaining <= 0)
            return new StopReason(StopKind.MaxEvaluations, $"{Name}: the budget of {Stopping.MaxEvaluations} evaluations is spent at iteration {iteration}");
        if (iteration >= Stopping.MaxIterations)
            return new StopReason(StopKind.MaxIterations, $"{Name}: reached the limit of {Stopping.MaxIterations} iterations");
        return null;
    }

    private protected StopReason NoProgress(int iteration, EvaluationBudget budget) => budget.Remaining <= 0
        ? new StopReason(StopKind.MaxEvaluations, $"{Name}: the budget of {Stopping.MaxEvaluations} evaluations is spent at iteration {iteration}")
        : new StopReason(StopKind.LineSearchFailed, $"{Name}: the line search found no lower cost at iteration {iteration} (converged to rounding, or the gradient is inconsistent with the cost)");

    private bool GradientSmall(ReadOnlySpan<double> g) =>
        g.IsEmpty || Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(g)) <= Stopping.GradientTolerance;

    private static bool IsFinite(double f, ReadOnlySpan<double> g)
    {
        if (!double.IsFinite(f)) return false;
        foreach (double v in g)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
