using System.Collections.Immutable;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Rules;
using FunctionalNet.Randomness;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>
/// Training as a lazy fold over epochs. Every route yields the same sequence of immutable <see cref="TrainingIterate"/>s —
/// the start (epoch 0), then one per epoch, the last carrying its <see cref="StopReason"/> — and nothing runs until the
/// sequence is enumerated. Compose with LINQ and <see cref="TrainingSequences"/>
/// (<c>.StopWhenNotImproving(10).RestoreBest().Last()</c>). Shuffles and sample draws come from the <see cref="Rng"/>
/// passed in, forked per epoch, so the same seed gives a bit-identical trace, and a continued run
/// (<see cref="TrainingStart.ContinueFrom"/>) draws what the uninterrupted run would have drawn.
/// A NaN or infinite cost or gradient ends the run with <see cref="StopKind.Diverged"/>, naming the step and keeping the
/// last finite parameters.
/// </summary>
public static class Train
{
    /// <summary>Full-batch gradient steps: one update per epoch on the whole training set (what Rprop needs).</summary>
    public static Validation<Error, IEnumerable<TrainingIterate>> FullBatch(Architecture architecture, Batch<double> data, UpdateRule rule,
        TrainingStart start, TrainingOptions? options = null) =>
        Checked(architecture, data, start, options, [], o => Run(architecture, data, rule, start, o, "full-batch", _ => [null]));

    /// <summary>
    /// Per-sample stochastic gradient descent, as in the XOR and digits tutorials: each step uses one sample drawn uniformly
    /// with replacement; an epoch is <paramref name="stepsPerEpoch"/> steps (default m, the training-set size).
    /// </summary>
    public static Validation<Error, IEnumerable<TrainingIterate>> Stochastic(Architecture architecture, Batch<double> data, UpdateRule rule,
        TrainingStart start, Rng rng, TrainingOptions? options = null, int? stepsPerEpoch = null)
    {
        int m = data?.Count ?? 0, steps = stepsPerEpoch ?? m;
        Error[] problems = steps >= 1 ? [] : [new Error("training.steps-per-epoch", $"training: steps per epoch must be ≥ 1, found {steps}")];
        return Checked(architecture, data!, start, options, problems, o => Run(architecture, data!, rule, start, o, "stochastic",
            epoch => Enumerable.Range(0, steps).Select(j => (int[]?)[rng.Fork((ulong)epoch).NextInt((ulong)j, m)])));
    }

    /// <summary>Mini-batch epochs: each epoch visits every sample once in a fresh shuffled order, in batches of <paramref name="batchSize"/>.</summary>
    public static Validation<Error, IEnumerable<TrainingIterate>> MiniBatch(Architecture architecture, Batch<double> data, UpdateRule rule,
        int batchSize, TrainingStart start, Rng rng, TrainingOptions? options = null)
    {
        Error[] problems = batchSize >= 1 ? [] : [new Error("training.batch-size", $"training: the batch size must be ≥ 1, found {batchSize}")];
        return Checked(architecture, data, start, options, problems, o => Run(architecture, data, rule, start, o, "mini-batch",
            epoch => Batches(rng.Fork((ulong)epoch).Permutation(data.Count), batchSize)));
    }

    /// <summary>
    /// A full-batch minimizer (CG, L-BFGS, TNC) on the network's cost, as the same kind of trace: one iterate per iteration,
    /// with the minimizer's evaluation count and stop reason. <see cref="TrainingOptions.MaxEpochs"/> caps the iterations
    /// (counted from the start). With <paramref name="statesEvery"/> &gt; 0 every such iterate carries a
    /// <see cref="TrainingIterate.MinimizerState"/>; a start made by <see cref="TrainingStart.ContinueFrom"/> from one of
    /// them resumes the minimizer bit for bit, while a start without a state begins the minimizer afresh from its parameters.
    /// </summary>
    public static Validation<Error, IEnumerable<TrainingIterate>> Minimize(Architecture architecture, Batch<double> data, Minimizer minimizer,
        TrainingStart start, TrainingOptions? options = null, int statesEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(minimizer);
        var problems = new List<Error>();
        if (statesEvery < 0) problems.Add(new Error("training.states-every", $"training: statesEvery must be ≥ 0, found {statesEvery}"));
        if (start?.MinimizerState is { } state && architecture is not null && minimizer.StateProblem(state, architecture.Layout.Count) is { } problem)
            problems.Add(new Error("training.minimizer-state", $"training: {minimizer.Name} cannot resume from the start's state: {problem}"));
        return Checked(architecture!, data, start!, options, [.. problems], o => RunMinimizer(architecture!, data, minimizer, start!, o, statesEvery));
    }

    /// <summary>
    /// Levenberg–Marquardt on a squared-error network (MATLAB's <c>trainlm</c>): one iterate per accepted step. Only for
    /// the <c>mse</c> loss and small networks; anything else is an error value.
    /// </summary>
    public static Validation<Error, IEnumerable<TrainingIterate>> LeastSquares(Architecture architecture, Batch<double> data, LevenbergMarquardt method,
        Parameters<double> start, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        var objective = LeastSquaresObjective.ForNetwork(architecture, data);
        return objective.Match(
            o => Checked(architecture, data, start, options, [], opts => Trace(architecture, method.Minimize(o, ImmutableArray.Create(start.Flat)), "lm", opts)),
            errors => Validation<Error, IEnumerable<TrainingIterate>>.Fail(errors));
    }

    private static IEnumerable<int[]?> Batches(int[] order, int size)
    {
        for (int i = 0; i < order.Length; i += size) yield return order[i..Math.Min(order.Length, i + size)];
    }

    private static Validation<Error, IEnumerable<TrainingIterate>> Checked(Architecture architecture, Batch<double> data, TrainingStart start,
        TrainingOptions? options, Error[] problems, Func<TrainingOptions, IEnumerable<TrainingIterate>> run)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(start);
        var o = options ?? TrainingOptions.Default;
        var errors = problems.ToList();
        errors.AddRange(Fits(architecture, data, "training"));
        if (o.Validation is { } validation) errors.AddRange(Fits(architecture, validation, "validation"));
        if (data.Count == 0) errors.Add(new Error("training.empty", "training: the training set has no samples"));
        if (start.Parameters.Count != architecture.Layout.Count)
            errors.Add(new Error("training.parameters", $"training: the network {architecture.Shape} has {architecture.Layout.Count} parameters, the start has {start.Parameters.Count}"));
        return errors.Count == 0
            ? Success<Error, IEnumerable<TrainingIterate>>(run(o))
            : Validation<Error, IEnumerable<TrainingIterate>>.Fail(errors.ToSeq());
    }

    private static IEnumerable<Error> Fits(Architecture architecture, Batch<double> data, string what)
    {
        if (data.Features.Cols != architecture.Inputs)
            yield return new Error($"{what}.features", $"{what}: the network {architecture.Shape} expects {architecture.Inputs} features, found {data.Features.Cols}");
        if (data.Targets.Cols != architecture.Outputs)
            yield return new Error($"{what}.targets", $"{what}: the network {architecture.Shape} has {architecture.Outputs} outputs, the targets have {data.Targets.Cols} columns");
    }

    private static IEnumerable<TrainingIterate> Run(Architecture architecture, Batch<double> data, UpdateRule rule, TrainingStart start,
        TrainingOptions options, string route, Func<int, IEnumerable<int[]?>> batchesOfEpoch)
    {
        var layout = architecture.Layout;
        var theta = ImmutableArray.Create(start.Parameters.Flat);
        var state = start.RuleState ?? rule.Init(theta);
        int step = start.Step, evaluations = 0;
        double multiplier = 1, rate = double.NaN;
        var history = new List<double>();

        // Scratch for forward and backward passes, owned by this enumeration and never escaping it.
        var workspace = new Workspace<double>(architecture, data.Count);
        // The gradient at θ on the whole set, kept from the epoch-end evaluation so a full-batch step does not redo it.
        var pending = new double[theta.Length];
        double cost = Backpropagation.Run(workspace, theta.AsSpan(), data.Features.Span, data.Targets.Span, data.Count, pending);
        evaluations++;
        var last = Snapshot(start.Epoch, theta, cost);
        if (!IsFinite(cost, pending))
        {
            yield return last with { Stop = Diverged(route, CostOrGradient(cost), step, start.Epoch, "at the starting point") };
            yield break;
        }
        yield return last;

        for (int epoch = start.Epoch + 1; ; epoch++)
        {
            foreach (var rows in batchesOfEpoch(epoch))
            {
                double[] gradient;
                if (rows is null && pending.Length > 0)
                {
                    gradient = pending;
                }
                else
                {
                    gradient = new double[theta.Length];
                    var x = rows is null ? data.Features : data.Features.SelectRows(rows);
                    var y = rows is null ? data.Targets : data.Targets.SelectRows(rows);
                    // The step's cost is not needed (the epoch-end cost catches divergence too), so skip the loss.
                    cost = Backpropagation.Run(workspace, theta.AsSpan(), x.Span, y.Span, x.Rows, gradient, withCost: false);
                    evaluations++;
                    if (!IsFinite(0, gradient))
                    {
                        yield return last with { Evaluations = evaluations, Stop = Diverged(route, "the gradient", step + 1, epoch, "") };
                        yield break;
                    }
                }
                pending = [];
                (var delta, state) = rule.Update(UpdateRule.Own(gradient), state, theta);
                rate = (rule.Rate?.At(step) ?? double.NaN) * multiplier;
                theta = UpdateRule.Apply(theta, delta, multiplier);
                step++;
            }

            pending = new double[theta.Length];
            cost = Backpropagation.Run(workspace, theta.AsSpan(), data.Features.Span, data.Targets.Span, data.Count, pending);
            evaluations++;
            if (!IsFinite(cost, pending))
            {
                yield return last with { Evaluations = evaluations, Stop = Diverged(route, CostOrGradient(cost), step, epoch, "after the last update of the epoch") };
                yield break;
            }
            var current = Snapshot(epoch, theta, cost);
            history.Add(current.MonitoredCost);
            if (options.Plateau is { } plateau) multiplier = plateau.Multiplier(history);
            StopReason? stop = epoch - start.Epoch >= options.MaxEpochs
                ? new StopReason(StopKind.MaxIterations, $"{route}: reached the limit of {options.MaxEpochs} epochs")
                : null;
            last = current with { Stop = stop };
            yield return last;
            if (stop is not null) yield break;
        }

        TrainingIterate Snapshot(int epoch, ImmutableArray<double> point, double trainingCost)
        {
            var parameters = Parameters<double>.FromFlat(layout, point.AsSpan());
            double? validation = options.Validation is { } v ? Network.Cost(architecture, parameters, v) : null;
            return new TrainingIterate(epoch, step, parameters, trainingCost, validation, rate, evaluations, state, null);
        }
    }

    private static IEnumerable<TrainingIterate> RunMinimizer(Architecture architecture, Batch<double> data, Minimizer minimizer,
        TrainingStart start, TrainingOptions options, int statesEvery)
    {
        var objective = Objective.ForNetwork(architecture, data);
        var iterates = start.MinimizerState is { } state
            ? minimizer.Resume(objective, state, statesEvery)
            : minimizer.Minimize(objective, ImmutableArray.Create(start.Parameters.Flat), statesEvery);
        return Trace(architecture, iterates, minimizer.Name, options);
    }

    private static IEnumerable<TrainingIterate> Trace(Architecture architecture, IEnumerable<MinimizerIterate> iterates, string name, TrainingOptions options)
    {
        int? first = null;
        foreach (var it in iterates)
        {
            first ??= it.Iteration;
            var parameters = Parameters<double>.FromFlat(architecture.Layout, it.Point.AsSpan());
            double? validation = options.Validation is { } v ? Network.Cost(architecture, parameters, v) : null;
            var stop = it.Stop ?? (it.Iteration - first >= options.MaxEpochs
                ? new StopReason(StopKind.MaxIterations, $"{name}: reached the limit of {options.MaxEpochs} iterations")
                : null);
            yield return new TrainingIterate(it.Iteration, it.Iteration, parameters, it.Cost, validation, double.NaN, it.Evaluations, null, stop)
            {
                MinimizerState = it.State,
            };
            if (stop is not null) yield break;
        }
    }

    private static StopReason Diverged(string route, string what, int step, int epoch, string where) => new(StopKind.Diverged,
        $"{route}: {what} became non-finite at step {step} in epoch {epoch}" + (where.Length > 0 ? " " + where : "")
        + "; the last finite parameters are kept — try a smaller learning rate");

    private static string CostOrGradient(double cost) =>
        $"the cost or gradient (cost {cost.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})";

    private static bool IsFinite(double cost, ReadOnlySpan<double> gradient)
    {
        if (!double.IsFinite(cost)) return false;
        foreach (double g in gradient)
            if (!double.IsFinite(g)) return false;
        return true;
    }
}
