using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization.Rules;
using FunctionalNet.Randomness;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Training by the core's update rules (momentum, nesterov, adam, rmsprop, adagrad, rprop) through its lazy
/// <see cref="Train"/> pipeline, full-batch or in shuffled mini-batches. The pipeline works in double; the best epoch
/// is kept as in <see cref="TrainingLoop"/>, and Ctrl+C is honoured between epochs.
/// </summary>
internal static class RuleLoop
{
    public static readonly string[] Names = ["momentum", "nesterov", "adam", "rmsprop", "adagrad", "rprop"];

    public static LanguageExt.Either<CliError, IEnumerable<TrainingIterate>> Create(string name, double learningRate, Architecture arch,
        Parameters<double> start, Batch<double> train, Batch<double>? validation, int epochs, int batchSize, Rng shuffle)
    {
        var trace =
            from rule in Rules.ByName(name, learningRate)
            from options in TrainingOptions.Create(epochs, validation)
            from run in batchSize <= 0 || batchSize >= train.Count
                ? Train.FullBatch(arch, train, rule, start, options)
                : Train.MiniBatch(arch, train, rule, batchSize, start, shuffle, options)
            select run;
        return trace.Match(
            Succ: t => LanguageExt.Prelude.Right<CliError, IEnumerable<TrainingIterate>>(t),
            Fail: errors => new CliError(new Error("options.optimizer", string.Join("; ", errors.Select(e => e.Message)))));
    }

    public static TrainResult<double> Run(IEnumerable<TrainingIterate> trace, Parameters<double> start, int epochs, int patience,
        Action<EpochRecord> report, CancellationToken cancel)
    {
        var best = start;
        int bestEpoch = 0, done = 0;
        double bestCost = double.PositiveInfinity;
        var trainCosts = ImmutableArray.CreateBuilder<double>();
        var validationCosts = ImmutableArray.CreateBuilder<double>();
        foreach (var it in trace)
        {
            if (it.Stop is { Kind: Optimization.StopKind.Diverged } diverged)
                return Done(StopKind.Diverged, $"training diverged: {diverged.Message}");
            if (it.Epoch > 0)
            {
                done = it.Epoch;
                trainCosts.Add(it.TrainingCost);
                if (it.ValidationCost is { } vc) validationCosts.Add(vc);
                report(new EpochRecord(it.Epoch, epochs, it.TrainingCost, it.ValidationCost));
                if (it.MonitoredCost < bestCost) (best, bestCost, bestEpoch) = (it.Parameters, it.MonitoredCost, it.Epoch);
                else if (patience > 0 && it.Epoch - bestEpoch >= patience) return Done(StopKind.Patience, $"no improvement for {patience} epochs");
            }
            if (it.Stop is { } stop) return Done(StopKind.Budget, stop.Message);
            if (cancel.IsCancellationRequested) return Done(StopKind.Interrupted, string.Create(CultureInfo.InvariantCulture, $"interrupted after epoch {it.Epoch}"));
        }
        return Done(StopKind.Budget, $"ran all {done} epochs");

        TrainResult<double> Done(StopKind kind, string message) =>
            new(best, bestEpoch, trainCosts.ToImmutable(), validationCosts.ToImmutable(), kind, message);
    }
}
