using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Full-batch training by a line-search minimizer (cg, lbfgs, tnc): each accepted step counts as an epoch, the best
/// step is kept as in <see cref="TrainingLoop"/>, and Ctrl+C is honoured between steps. Every --checkpoint-every
/// steps the minimizer records its state (direction, curvature pairs, evaluation count), so a resumed run continues
/// bit for bit. Minimizers work in double.
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

    public static TrainResult<double> Run(Architecture arch, Minimizer minimizer, TrainState<double> from, Batch<double> train,
        Batch<double>? validation, DescentPlan plan, Action<EpochRecord> report, Action<TrainState<double>> checkpoint, CancellationToken cancel)
    {
        var state = from;
        var objective = Objective.ForNetwork(arch, train);
        var iterates = from.Memory is MinimizerMemory resumed
            ? minimizer.Resume(objective, resumed.State, plan.CheckpointEvery)
            : minimizer.Minimize(objective, [.. from.Current.Flat], plan.CheckpointEvery);
        foreach (var iterate in iterates)
        {
            if (iterate.Stop is { Kind: Optimization.StopKind.Diverged } diverged)
                return state.Stop(StopKind.Diverged, $"training diverged: {diverged.Message}");
            if (iterate.Iteration > state.Epoch)
            {
                var parameters = Parameters<double>.FromFlat(arch.Layout, iterate.Point.AsSpan());
                double? validationCost = validation is null ? null : Network.Cost(arch, parameters, validation);
                report(new EpochRecord(iterate.Iteration, plan.Epochs, iterate.Cost, validationCost));
                state = state.After(iterate.Iteration, parameters, iterate.Cost, validationCost, iterate.State is { } s ? new MinimizerMemory(s) : null);
                if (iterate.State is not null) checkpoint(state);
                if (!state.JustImproved && plan.Patience > 0 && iterate.Iteration - state.BestEpoch >= plan.Patience)
                    return state.Stop(StopKind.Patience, $"no improvement for {plan.Patience} steps");
            }
            if (iterate.Stop is { } stop) return state.Stop(StopKind.Budget, stop.Message);
            if (cancel.IsCancellationRequested) return state.Stop(StopKind.Interrupted, string.Create(CultureInfo.InvariantCulture, $"interrupted after step {iterate.Iteration}"));
        }
        return state.Stop(StopKind.Budget, $"ran all {plan.Epochs} steps");
    }
}
