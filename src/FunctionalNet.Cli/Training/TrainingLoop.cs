using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Randomness;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The epoch loop the shell drives: gradient descent on the whole training part (gd) or on shuffled mini-batches
/// (sgd), keeping the parameters of the best epoch (lowest validation cost, or training cost without validation).
/// It polls the cancellation token before every step, so Ctrl+C ends it within one step with the best so far.
/// </summary>
internal static class TrainingLoop
{
    public static TrainResult<T> Run<T>(Architecture arch, Parameters<T> start, Batch<T> train, Batch<T>? validation,
        double learningRate, int epochs, int batchSize, int patience, Rng shuffle, Action<EpochRecord> report, CancellationToken cancel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = start;
        var best = start;
        int bestEpoch = 0, m = train.Count;
        double bestCost = double.PositiveInfinity;
        var trainCosts = ImmutableArray.CreateBuilder<double>();
        var validationCosts = ImmutableArray.CreateBuilder<double>();
        T step = T.CreateTruncating(-learningRate);
        bool fullBatch = batchSize <= 0 || batchSize >= m;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            // Epoch e's order comes from fork e of the key: the same seed reshuffles identically on every run.
            var order = fullBatch ? null : shuffle.Fork((ulong)epoch).Permutation(m);
            for (int at = 0; at < m; at += fullBatch ? m : batchSize)
            {
                if (cancel.IsCancellationRequested)
                    return Done(StopKind.Interrupted, $"interrupted during epoch {epoch}");
                var batch = fullBatch ? train : Slice(train, order!, at, Math.Min(batchSize, m - at));
                var (_, gradient) = Network.CostAndGradient(arch, parameters, batch);
                parameters = parameters.AddScaled(step, gradient);
            }
            double cost = double.CreateTruncating(Network.Cost(arch, parameters, train));
            double? validationCost = validation is null ? null : double.CreateTruncating(Network.Cost(arch, parameters, validation));
            if (!double.IsFinite(cost) || validationCost is { } v && !double.IsFinite(v))
                return Done(StopKind.Diverged, string.Create(CultureInfo.InvariantCulture,
                    $"training diverged at epoch {epoch} (cost {cost}); try a smaller --lr than {learningRate}"));
            trainCosts.Add(cost);
            if (validationCost is { } vc) validationCosts.Add(vc);
            report(new EpochRecord(epoch, epochs, cost, validationCost));
            double watched = validationCost ?? cost;
            if (watched < bestCost)
            {
                (best, bestCost, bestEpoch) = (parameters, watched, epoch);
            }
            else if (patience > 0 && epoch - bestEpoch >= patience)
            {
                return Done(StopKind.Patience, $"no improvement for {patience} epochs");
            }
        }
        return Done(StopKind.Budget, $"ran all {epochs} epochs");

        TrainResult<T> Done(StopKind kind, string message) =>
            new(bestEpoch == 0 ? start : best, bestEpoch, trainCosts.ToImmutable(), validationCosts.ToImmutable(), kind, message);
    }

    private static Batch<T> Slice<T>(Batch<T> data, int[] order, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = order.AsSpan(start, count);
        return new Batch<T>(data.Features.SelectRows(rows), data.Targets.SelectRows(rows));
    }
}
