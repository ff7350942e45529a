using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Full-batch training by a line-search minimizer (cg, lbfgs, tnc): each accepted step counts as an epoch, the best
/// step is kept as in <see cref="TrainingLoop"/>, and Ctrl+C is honoured between steps. Minimizers work in double.
/// </summary>
internal static class MinimizerLoop
{
    public static readonly string[] Names = ["cg", "lbfgs", "tnc"];

    public static LanguageExt.Either<CliError, Minimizer> Create(string name, int epochs)
    {
        var stopping = StoppingRules.Create(maxEvaluations: Math.Max(15000, 4 * epochs), maxIterations: epochs);
        var minimizer =
            from rules in stopping
            from m in name switch
            {
                "cg" => Minimizer.ConjugateGradient(rules),
                "lbfgs" => Minimizer.Lbfgs(stopping: rules),
                _ => Minimizer.TruncatedNewton(stopping: rules),
            }
            select m;
        return minimizer.Match(
            Succ: m => LanguageExt.Prelude.Right<CliError, Minimizer>(m),
            Fail: errors => new CliError(new Error("options.optimizer", string.Join("; ", errors.Select(e => e.Message)))));
    }

    public static TrainResult<double> Run(Architecture arch, Minimizer minimizer, Parameters<double> start, Batch<double> train,
        Batch<double>? validation, int patience, Action<EpochRecord> report, CancellationToken cancel)
    {
        var best = start;
        int bestEpoch = 0, epochs = minimizer.Stopping.MaxIterations;
        double bestCost = double.PositiveInfinity;
        var trainCosts = ImmutableArray.CreateBuilder<double>();
        var validationCosts = ImmutableArray.CreateBuilder<double>();
        foreach (var iterate in minimizer.Minimize(Objective.ForNetwork(arch, train), [.. start.Flat]))
        {
            if (iterate.Stop is { Kind: Optimization.StopKind.Diverged } diverged)
                return Done(StopKind.Diverged, $"training diverged: {diverged.Message}");
            if (iterate.Iteration > 0)
            {
                var parameters = Parameters<double>.FromFlat(arch.Layout, iterate.Point.AsSpan());
                double? validationCost = validation is null ? null : Network.Cost(arch, parameters, validation);
                trainCosts.Add(iterate.Cost);
                if (validationCost is { } vc) validationCosts.Add(vc);
                report(new EpochRecord(iterate.Iteration, epochs, iterate.Cost, validationCost));
                double watched = validationCost ?? iterate.Cost;
                if (watched < bestCost) (best, bestCost, bestEpoch) = (parameters, watched, iterate.Iteration);
                else if (patience > 0 && iterate.Iteration - bestEpoch >= patience) return Done(StopKind.Patience, $"no improvement for {patience} steps");
            }
            if (iterate.Stop is { } stop) return Done(StopKind.Budget, stop.Message);
            if (cancel.IsCancellationRequested) return Done(StopKind.Interrupted, string.Create(CultureInfo.InvariantCulture, $"interrupted after step {iterate.Iteration}"));
        }
        return Done(StopKind.Budget, $"ran all {epochs} steps");

        TrainResult<double> Done(StopKind kind, string message) =>
            new(best, bestEpoch, trainCosts.ToImmutable(), validationCosts.ToImmutable(), kind, message);
    }
}
