using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>
/// Training as a lazy fold over epochs: the one engine every caller (library users, the CLI, the benchmarks) trains
/// through. Every route yields the same sequence of immutable <see cref="TrainingIterate{T}"/>s — the start, then one
/// per epoch, the last carrying its <see cref="StopReason"/> — and nothing runs until the sequence is enumerated; each
/// enumeration starts afresh. Compose with LINQ and <see cref="TrainingSequences"/> (<c>.RestoreBest().Last()</c>).
/// The same inputs give the same bits on every run and at every thread count; a continued run
/// (<see cref="TrainingStart{T}.ContinueFrom"/>) goes on exactly as the uninterrupted one would have.
/// </summary>
public static partial class Train
{
    /// <summary>
    /// A first-order rule (<see cref="Rules"/>) in precision <typeparamref name="T"/>, batched as
    /// <see cref="TrainingOptions.Batching"/> says: full batch, shuffled mini-batches, or single samples with replacement.
    /// A steady-state step allocates nothing. A NaN or infinite cost or gradient ends the run with
    /// <see cref="StopKind.Diverged"/>, naming the step and keeping the last finite parameters.
    /// </summary>
    /// <param name="architecture">The network.</param>
    /// <param name="data">The training set.</param>
    /// <param name="rule">The update rule.</param>
    /// <param name="start">θ₀, or a previous run's iterate to continue from.</param>
    /// <param name="options">Budget, batching, early stopping, reported cost, cancellation; <see cref="TrainingOptions.Default"/> when null.</param>
    /// <param name="validation">A held-out set whose cost is reported every epoch and watched by early stopping and restore-best.</param>
    public static Validation<Error, IEnumerable<TrainingIterate<T>>> Fit<T>(Architecture architecture, Batch<T> data, UpdateRule rule,
        TrainingStart<T> start, TrainingOptions? options = null, Batch<T>? validation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(start);
        var o = options ?? TrainingOptions.Default;
        return Checked(architecture, DataShape.Of(data), start, o, DataShape.Optional(validation), FirstOrderProblems(architecture, rule, start, o),
            () => FirstOrderRun.Run(architecture, new BatchRows<T>(data), rule, start, o, validation is null ? null : new BatchRows<T>(validation)));
    }

    /// <summary>
    /// A full-batch minimizer (CG, L-BFGS, TNC) on the network's cost, as the same kind of trace: one iterate per iteration,
    /// with the minimizer's evaluation count and stop reason. <see cref="TrainingOptions.MaxEpochs"/> caps the iterations
    /// (counted from the start), early stopping and cancellation apply between iterations; batching does not. With
    /// <paramref name="statesEvery"/> &gt; 0 every such iterate carries a <see cref="TrainingIterate{T}.MinimizerState"/>; a
    /// start made by <see cref="TrainingStart{T}.ContinueFrom"/> from one of them resumes the minimizer bit for bit.
    /// Minimizers work in double. The batch's sample weights weigh the cost, gradient and Hessian-vector products; dropout
    /// is refused (<c>training.dropout</c>), since a line search needs one deterministic function.
    /// </summary>
    public static Validation<Error, IEnumerable<TrainingIterate<double>>> Minimize(Architecture architecture, Batch<double> data, Minimizer minimizer,
        TrainingStart<double> start, TrainingOptions? options = null, Batch<double>? validation = null, int statesEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(minimizer);
        ArgumentNullException.ThrowIfNull(start);
        var o = options ?? TrainingOptions.Default;
        var problems = new List<Error>();
        if (statesEvery < 0) problems.Add(new Error("training.states-every", $"training: statesEvery must be ≥ 0, found {statesEvery}"));
        if (start.MinimizerState is { } state && minimizer.StateProblem(state, architecture.Layout.Count) is { } problem)
            problems.Add(new Error("training.minimizer-state", $"training: {minimizer.Name} cannot resume from the start's state: {problem}"));
        if (o.Dropout is not null) problems.Add(StochasticObjective(minimizer.Name));
        return Checked(architecture, DataShape.Of(data), start, o, DataShape.Optional(validation), problems, () =>
        {
            var objective = Objective.ForNetwork(architecture, data, o.Parallelism);
            var iterates = start.MinimizerState is { } s
                ? minimizer.Resume(objective, s, statesEvery)
                : minimizer.Minimize(objective, ImmutableArray.Create(start.Parameters.Flat), statesEvery);
            return Trace(architecture, iterates, minimizer.Name, start, o, validation);
        });
    }

    /// <summary>
    /// Levenberg–Marquardt on a squared-error network (MATLAB's <c>trainlm</c>): one iterate per accepted step. Only for
    /// the <c>mse</c> loss and small networks; anything else is an error value.
    /// </summary>
    public static Validation<Error, IEnumerable<TrainingIterate<double>>> LeastSquares(Architecture architecture, Batch<double> data, LevenbergMarquardt method,
        TrainingStart<double> start, TrainingOptions? options = null, Batch<double>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(start);
        var o = options ?? TrainingOptions.Default;
        if (o.Dropout is not null) return Validation<Error, IEnumerable<TrainingIterate<double>>>.Fail(Seq1(StochasticObjective("lm")));
        return LeastSquaresObjective.ForNetwork(architecture, data).Match(
            objective => Checked(architecture, DataShape.Of(data), start, o, DataShape.Optional(validation), [],
                () => Trace(architecture, method.Minimize(objective, ImmutableArray.Create(start.Parameters.Flat)), "lm", start, o, validation)),
            errors => Validation<Error, IEnumerable<TrainingIterate<double>>>.Fail(errors));
    }

    // Line searches compare costs at several points of one function; fresh masks make every evaluation another function.
    private static Error StochasticObjective(string name) => new("training.dropout",
        $"training: {name} needs a deterministic cost for its line searches, and dropout draws new masks at every evaluation; use a first-order optimizer (sgd, adam, …) with dropout, or L2 (λ) with {name}");

    // A minimizer's iterates as training iterates, judged by the same monitor as the first-order routes.
    private static IEnumerable<TrainingIterate<double>> Trace(Architecture architecture, IEnumerable<MinimizerIterate> iterates, string name,
        TrainingStart<double> start, TrainingOptions options, Batch<double>? validation)
    {
        EpochMonitor<double>? monitor = null;
        TrainingIterate<double>? last = null;
        using var e = iterates.GetEnumerator();
        while (true)
        {
            if (last is not null && options.Cancellation.IsCancellationRequested)
            {
                yield return EpochMonitor<double>.Interrupted(last, name, last.Epoch + 1);
                yield break;
            }
            if (!e.MoveNext()) yield break;
            var it = e.Current;
            // The iterate's point is immutable already: the parameters share it rather than copy it.
            var parameters = Parameters<double>.Own(architecture.Layout, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(it.Point)!);
            double? validationCost = validation is null ? null : Network.Cost(architecture, parameters, validation, options.Parallelism);
            var current = new TrainingIterate<double>(it.Iteration, it.Iteration, parameters, it.Cost, validationCost, double.NaN, it.Evaluations, null, it.Stop)
            {
                MinimizerState = it.State,
            };
            // The cap counts from the first iteration, which is the start's or the resumed state's.
            monitor ??= new EpochMonitor<double>(options, start with { Epoch = it.Iteration }, name);
            last = last is null ? monitor.First(current) : monitor.Next(current);
            yield return last;
            if (last.Stop is not null) yield break;
        }
    }
}
