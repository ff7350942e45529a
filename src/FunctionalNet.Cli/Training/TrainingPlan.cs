using FunctionalNet.Cli.Options;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// What <c>fnet train</c>'s options ask the engine for: an update rule with its batching, or a line-search minimizer.
/// gd is full-batch gradient descent; sgd without --batch-size is the tutorials' per-sample SGD (one sample per step,
/// drawn with replacement); any rule with --batch-size b &lt; m uses shuffled mini-batches of b.
/// </summary>
internal abstract record TrainingPlan
{
    public static readonly string[] MinimizerNames = ["cg", "lbfgs", "tnc"];

    /// <summary>A first-order rule and its batching.</summary>
    public sealed record Rule(UpdateRule UpdateRule, Batching Batching) : TrainingPlan;

    /// <summary>A full-batch line-search minimizer (works in double).</summary>
    public sealed record Minimizing(Minimizer Minimizer) : TrainingPlan;

    public static LanguageExt.Either<CliError, TrainingPlan> Create(TrainSettings s, int trainingRows)
    {
        if (MinimizerNames.Contains(s.Optimizer))
        {
            var stopping = StoppingRules.Create(maxEvaluations: Math.Max(15000, 4 * s.Epochs), maxIterations: s.Epochs);
            var minimizer =
                from rules in stopping
                from m in s.Optimizer switch
                {
                    "cg" => Minimizer.ConjugateGradient(rules),
                    "lbfgs" => Minimizer.Lbfgs(stopping: rules),
                    _ => Minimizer.TruncatedNewton(stopping: rules),
                }
                select (TrainingPlan)new Minimizing(m);
            return Fold(minimizer);
        }
        var batching = s.Optimizer == "sgd" && s.BatchSize == 0 ? Batching.WithReplacement()
            : s.BatchSize == 0 || s.BatchSize >= trainingRows ? Batching.Full
            : Batching.Shuffled(s.BatchSize);
        return Fold(Rules.ByName(s.Optimizer == "gd" ? "sgd" : s.Optimizer, s.LearningRate).Map(r => (TrainingPlan)new Rule(r, batching)));
    }

    private static LanguageExt.Either<CliError, TrainingPlan> Fold(LanguageExt.Validation<Error, TrainingPlan> plan) => plan.Match(
        Succ: p => LanguageExt.Prelude.Right<CliError, TrainingPlan>(p),
        Fail: errors => new CliError(new Error("options.optimizer", string.Join("; ", errors.Select(e => e.Message)))));
}
