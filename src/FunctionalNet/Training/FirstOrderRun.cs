using System.Globalization;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Training;

/// <summary>
/// The engine behind <c>Train.Fit</c>: one lazy enumeration owns θ, the gradient, the rule's working state,
/// the backpropagation workspace and a gathered-rows buffer, and mutates only those (local mutation, global purity).
/// A steady-state step allocates nothing; each epoch's end hands out an immutable snapshot. Divergence is checked at
/// every step, cancellation before every step.
/// </summary>
internal static class FirstOrderRun
{
    public static IEnumerable<TrainingIterate<T>> Run<T>(Architecture architecture, IRowSource<T> source, UpdateRule rule, TrainingStart<T> start,
        TrainingOptions options, IRowSource<T>? validation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Full batches and single draws index the whole set, so they exist only for an in-memory batch (Train checks).
        var data = (source as BatchRows<T>)?.Batch;
        string route = $"{rule.Name}, {options.Batching}";
        var layout = architecture.Layout;
        int m = source.Count, n = layout.Count, inputs = architecture.Inputs, outputs = architecture.Outputs;
        int rows = options.Batching.Rows(m);
        var theta = start.Parameters.Flat.ToArray();
        var gradient = new T[n];
        var ruleRun = new RuleRun<T>(rule, start.RuleState ?? rule.Init<T>(n));
        var workspace = new Workspace<T>(architecture, rows, options.Parallelism);
        var shuffled = options.Batching as Batching.ShuffledBatches;
        var x = shuffled is null ? [] : new T[rows * inputs];
        var y = shuffled is null ? [] : new T[rows * outputs];
        // Sample weights travel with their rows; without weights every evaluation is the unweighted one.
        bool weighted = source.Weighted;
        var w = shuffled is null || !weighted ? [] : new T[rows];
        var rates = options.Dropout?.RatesFor(architecture);
        var order = shuffled is null ? null : new int[m];
        var shardScratch = shuffled is not null && options.Sharded ? new int[m] : [];
        var monitor = new EpochMonitor<T>(options, start, route);
        var kind = options.EpochCost;
        bool full = options.Batching is Batching.FullBatch;
        // Every step is checked for divergence, by whichever is cheaper: the network's outputs for the batch (rows × outputs
        // values the forward pass just wrote; a non-finite θ shows there at the next step, so a blow-up is caught at most one
        // step late, and θ itself is checked at every epoch's end) or one vectorised sum over the gradient (n values).
        bool outputCheck = (long)rows * outputs < n;
        // The gradient route, chosen once: the fused one-sample step (null: not taken), the fused narrow gradient, or layered.
        var plan = KernelPlan.For<T>(architecture, options, rows, data is not null, weighted, ruleRun.ScalesOnly, outputCheck);
        var sample = plan is KernelPlan.OneSample ? SampleStep<T>.For(architecture, data!, theta, ruleRun, options, rows) : null;
        var narrow = plan is KernelPlan.Narrow ? new NarrowGradient<T>(architecture, workspace.Parallelism) : null;
        // Shuffled batches of more than one slot, or shared between processes, are summed over the slot tree (one slot alone
        // is that tree's single leaf, which the direct pass computes with the same bits).
        int slotCount = shuffled is null ? 1 : SlotCount.For(rows, options.Slots);
        var slotted = shuffled is not null && (slotCount > 1 || options.Exchange is not null)
            ? new SlotGradient<T>(architecture, slotCount, options.Exchange, workspace, narrow) : null;
        // A shared run stops only where every process does: the stop wish travels with the gradient.
        bool shared = options.Exchange is not null;
        int step = start.Step, evaluations = 0;
        // The multiplier the last step used: a continued run's start reports the rate its previous epoch stepped with.
        double usedMultiplier = start.RateMultiplier;

        // Full batches evaluate the gradient at each epoch's end: its cost is the exact epoch cost, and the next step uses it.
        double cost;
        if (full)
        {
            cost = FullGradient(start.Epoch + 1);
            evaluations++;
        }
        else cost = options.TakesStartingCost && options.StartingCost is { } given ? given // computed by the reader in the same blocks
            : kind == EpochCost.None ? double.NaN
            : Cost(architecture, theta, source, options, slotCount);
        var last = monitor.First(Snapshot(start.Epoch, cost));
        if (kind != EpochCost.None && !double.IsFinite(cost) || full && NonFinite<T>(gradient) || last.ValidationCost is { } v0 && !double.IsFinite(v0))
        {
            yield return last with { Stop = Divergence(route, "the cost or gradient", step, start.Epoch, "at the starting point") };
            yield break;
        }
        yield return last;

        for (int epoch = start.Epoch + 1; ; epoch++)
        {
            double multiplier = monitor.Multiplier, lossSum = 0;
            usedMultiplier = multiplier;
            int seen = 0;
            string? failure = null;
            bool budgetEnd = epoch - start.Epoch >= options.MaxEpochs;
            bool report = budgetEnd || (epoch - start.Epoch) % options.ReportEvery == 0;
            if (full)
            {
                if (options.Cancellation.IsCancellationRequested) { yield return EpochMonitor<T>.Interrupted(last, route, epoch); yield break; }
                ruleRun.Step(gradient, theta, multiplier);
                step++;
                // The last epoch's gradient would only feed a step that never comes: without a cost to report, check θ instead.
                if (budgetEnd && kind == EpochCost.None)
                {
                    if (NonFinite<T>(theta)) failure = "after the epoch's step";
                }
                else
                {
                    // Epochs between reports take the gradient without the cost (ReportEvery): nobody reads it.
                    cost = FullGradient(epoch + 1, report);
                    evaluations++;
                    if (kind != EpochCost.None && report && !double.IsFinite(cost) || NonFinite<T>(gradient)) failure = "after the epoch's step";
                }
            }
            else
            {
                bool record = kind == EpochCost.RunningMean;
                int steps = shuffled is null ? ((Batching.SamplesWithReplacement)options.Batching).StepsPerEpoch ?? m : (m + rows - 1) / rows;
                var draws = options.Rng.Fork((ulong)epoch);
                if (order is not null) ShardedOrder.Order(source, options, draws, rows, slotCount, order, shardScratch);
                for (int j = 0; j < steps && failure is null; j++)
                {
                    if (!shared && options.Cancellation.IsCancellationRequested) { yield return EpochMonitor<T>.Interrupted(last, route, epoch); yield break; }
                    double loss;
                    bool stop = false;
                    int count;
                    if (sample is not null)
                    {
                        count = 1;
                        loss = sample.Forward(order is null ? draws.NextInt((ulong)j, m) : order[j], record);
                    }
                    else if (order is null)
                    {
                        int r = draws.NextInt((ulong)j, m);
                        count = 1;
                        loss = Backpropagation.Run(workspace, theta, data!.Features.Span.Slice(r * inputs, inputs), data.Targets.Span.Slice(r * outputs, outputs),
                            1, gradient, withCost: record, weights: weighted ? data.WeightSpan.Slice(r, 1) : default,
                            dropout: Dropout.Draw(rates, options.Rng, epoch, j));
                    }
                    else
                    {
                        count = Math.Min(rows, m - j * rows);
                        ShardedOrder.Gather(source, options, order.AsSpan(j * rows, count), slotCount, x, y, w);
                        loss = slotted is not null
                            ? slotted.Run(theta, x.AsSpan(0, count * inputs), y.AsSpan(0, count * outputs), w.AsSpan(0, weighted ? count : 0), count, gradient, record,
                                Dropout.Draw(rates, options.Rng, epoch, j), options.Cancellation.IsCancellationRequested, out stop)
                            : narrow is not null
                            ? narrow.Run(theta, x.AsSpan(0, count * inputs), y.AsSpan(0, count * outputs), count, gradient, record, w.AsSpan(0, weighted ? count : 0))
                            : Backpropagation.Run(workspace, theta, x.AsSpan(0, count * inputs), y.AsSpan(0, count * outputs), count, gradient,
                                withCost: record, weights: w.AsSpan(0, weighted ? count : 0), dropout: Dropout.Draw(rates, options.Rng, epoch, j));
                    }
                    if (stop) { yield return EpochMonitor<T>.Interrupted(last, route, epoch); yield break; }
                    evaluations++;
                    if (record && !double.IsFinite(loss) || NonFinite<T>(sample is not null ? sample.Output : outputCheck && slotted is null ? workspace.Pass.Output : gradient))
                    {
                        failure = $"at step {j + 1} of the epoch";
                        break;
                    }
                    lossSum += loss * count;
                    seen += count;
                    // The next row is known now (a counter-based draw or the epoch's order): the fused step forms its first product.
                    if (sample is not null) sample.Step(multiplier, j + 1 >= steps ? -1 : order is null ? draws.NextInt((ulong)(j + 1), m) : order[j + 1]);
                    else ruleRun.Step(gradient, theta, multiplier);
                    step++;
                }
                sample?.Flush();
                if (failure is null)
                    cost = kind switch { EpochCost.Exact => report ? Cost(architecture, theta, source, options, slotCount) : double.NaN, EpochCost.RunningMean => lossSum / seen, _ => double.NaN };
                if (failure is null && (kind == EpochCost.RunningMean || kind == EpochCost.Exact && report) && !double.IsFinite(cost)) failure = "at the epoch's end";
                // An output check sees a non-finite step only in the next forward pass, so the epoch's last step is checked on θ.
                if (failure is null && outputCheck && slotted is null && NonFinite<T>(theta)) failure = "at the epoch's last step";
            }
            if (failure is not null)
            {
                yield return last with { Evaluations = evaluations, Stop = Divergence(route, "the cost or gradient", step, epoch, failure) };
                yield break;
            }
            // Epochs between reports hand out nothing: no snapshot, no validation pass, no judgement.
            if (!report) continue;
            var current = Snapshot(epoch, cost);
            if (current.ValidationCost is { } v && !double.IsFinite(v))
            {
                yield return last with { Evaluations = evaluations, Stop = Divergence(route, "the validation cost", step, epoch, "at the epoch's end") };
                yield break;
            }
            last = monitor.Next(current);
            yield return last;
            if (last.Stop is not null) yield break;
        }

        // The full-batch gradient the step of epoch `next` takes, and the exact cost at θ (from the same pass without dropout;
        // with dropout the pass is a dropped-out network's, so the cost takes a forward pass of its own).
        double FullGradient(int next, bool reported = true)
        {
            // Full batches index the whole set: only an in-memory batch has them (Train checks).
            var whole = data ?? throw new InvalidOperationException("full batches need an in-memory batch");
            bool withCost = kind != EpochCost.None && reported;
            if (narrow is not null)
                return narrow.Run(theta, whole, gradient, withCost);
            if (rates is null)
                return Backpropagation.Run(workspace, theta, whole.Features.Span, whole.Targets.Span, m, gradient, withCost: withCost,
                    weights: whole.WeightSpan);
            Backpropagation.Run(workspace, theta, whole.Features.Span, whole.Targets.Span, m, gradient, withCost: false, weights: whole.WeightSpan,
                dropout: Dropout.Draw(rates, options.Rng, next, 0));
            return withCost ? Cost(architecture, theta, source, options, slotCount) : double.NaN;
        }

        TrainingIterate<T> Snapshot(int epoch, double trainingCost)
        {
            var parameters = Parameters<T>.FromFlat(layout, theta);
            // Slotted runs cost the validation rows in the slot tree's parts, so each process of a shared run costs its own parts.
            double? validationCost = validation is null ? null
                : slotted is not null ? SlotCost.Cost(architecture, theta, validation, options.Parallelism, slotCount, options.Exchange)
                : RowSources.Cost(architecture, parameters, validation, options.Parallelism);
            double rate = step > 0 && rule.Rate is { } r ? r.At(step - 1) * usedMultiplier : double.NaN;
            return new TrainingIterate<T>(epoch, step, parameters, trainingCost, validationCost, rate, evaluations, ruleRun.Snapshot(), null)
            {
                RateMultiplier = usedMultiplier,
            };
        }
    }

    // A sharded run's processes hold only their shards' rows, so its training cost is added over the shards as the slot tree.
    private static double Cost<T>(Architecture architecture, T[] theta, IRowSource<T> data, TrainingOptions options, int slots) where T : unmanaged, IFloatingPointIeee754<T> =>
        options.Sharded ? SlotCost.Cost(architecture, theta, data, options.Parallelism, slots, options.Exchange) : RowWalk.Cost<T>(architecture, theta, data, options.Parallelism);

    // A sum is finite only when every entry is (one overflowing to ∞ needs entries near the largest number: divergence
    // anyway), so one vectorised pass checks a whole vector.
    private static bool NonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        !T.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values));

    internal static StopReason Divergence(string route, string what, int step, int epoch, string where) => new(StopKind.Diverged,
        string.Create(CultureInfo.InvariantCulture, $"{route}: {what} became non-finite at step {step} in epoch {epoch} {where}")
        + "; the last finite parameters are kept — try a smaller learning rate");
}
