using System.Globalization;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Randomness;

namespace FunctionalNet.Cli.Training;

/// <summary>The learning-rate part of a gradient-descent run.</summary>
/// <param name="LearningRate">Step size (for messages; the stepper applies it).</param>
/// <param name="Epochs">Epoch budget.</param>
/// <param name="BatchSize">Mini-batch size; 0 or ≥ m = full batch.</param>
/// <param name="Patience">Epochs without improvement before stopping; 0 = never.</param>
/// <param name="CheckpointEvery">Call the checkpoint action every this many epochs; 0 = never.</param>
internal sealed record DescentPlan(double LearningRate, int Epochs, int BatchSize, int Patience, int CheckpointEvery);

/// <summary>
/// The epoch loop the shell drives for every gradient-based optimizer: a <see cref="Stepper{T}"/> applied on the whole
/// training part or on shuffled mini-batches, keeping the parameters of the best epoch (lowest validation cost, or
/// training cost without validation). It polls the cancellation token before every step, so Ctrl+C ends it within one
/// step with the best so far. Epoch e's shuffle comes from fork e of the key and the stepper's state travels in the
/// <see cref="TrainState{T}"/>, so a run resumed from a checkpoint continues exactly as the uninterrupted run would have.
/// </summary>
internal static class TrainingLoop
{
    public static TrainResult<T> Run<T>(Architecture arch, TrainState<T> from, Batch<T> train, Batch<T>? validation, DescentPlan plan,
        Stepper<T> stepper, Rng shuffle, Action<EpochRecord> report, Action<TrainState<T>> checkpoint, CancellationToken cancel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var state = from;
        var rule = ((RuleMemory)from.Memory!).State;
        int m = train.Count;
        bool fullBatch = plan.BatchSize <= 0 || plan.BatchSize >= m;
        for (int epoch = state.Epoch + 1; epoch <= plan.Epochs; epoch++)
        {
            var parameters = state.Current;
            var order = fullBatch ? null : shuffle.Fork((ulong)epoch).Permutation(m);
            for (int at = 0; at < m; at += fullBatch ? m : plan.BatchSize)
            {
                if (cancel.IsCancellationRequested)
                    return state.Stop(StopKind.Interrupted, $"interrupted during epoch {epoch}");
                var batch = fullBatch ? train : Slice(train, order!, at, Math.Min(plan.BatchSize, m - at));
                var (_, gradient) = Network.CostAndGradient(arch, parameters, batch);
                (parameters, rule) = stepper(parameters, gradient, rule);
            }
            double cost = double.CreateTruncating(Network.Cost(arch, parameters, train));
            double? validationCost = validation is null ? null : double.CreateTruncating(Network.Cost(arch, parameters, validation));
            if (!double.IsFinite(cost) || validationCost is { } v && !double.IsFinite(v))
                return state.Stop(StopKind.Diverged, string.Create(CultureInfo.InvariantCulture,
                    $"training diverged at epoch {epoch} (cost {cost}); try a smaller --lr than {plan.LearningRate}"));
            report(new EpochRecord(epoch, plan.Epochs, cost, validationCost));
            state = state.After(epoch, parameters, cost, validationCost, new RuleMemory(rule));
            if (plan.CheckpointEvery > 0 && epoch % plan.CheckpointEvery == 0) checkpoint(state);
            if (!state.JustImproved && plan.Patience > 0 && epoch - state.BestEpoch >= plan.Patience)
                return state.Stop(StopKind.Patience, $"no improvement for {plan.Patience} epochs");
        }
        return state.Stop(StopKind.Budget, $"ran all {plan.Epochs} epochs");
    }

    private static Batch<T> Slice<T>(Batch<T> data, int[] order, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = order.AsSpan(start, count);
        return new Batch<T>(data.Features.SelectRows(rows), data.Targets.SelectRows(rows));
    }
}
