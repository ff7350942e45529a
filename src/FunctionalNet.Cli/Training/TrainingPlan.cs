using FunctionalNet.Cli.Options;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// What <c>fnet train</c>'s options ask the engine for — the library's <see cref="EnginePlan"/> of the run's
/// <see cref="MlpOptions"/>: an update rule with its batching, or a line-search minimizer. gd is full-batch gradient
/// descent; sgd without --batch-size is the tutorials' per-sample SGD (one sample per step, drawn with replacement);
/// any rule with --batch-size b &lt; m uses shuffled mini-batches of b.
/// </summary>
internal abstract record TrainingPlan
{
    /// <summary>A first-order rule and its batching.</summary>
    public sealed record Rule(UpdateRule UpdateRule, Batching Batching) : TrainingPlan;

    /// <summary>A full-batch line-search minimizer (works in double).</summary>
    public sealed record Minimizing(Minimizer Minimizer) : TrainingPlan;

    /// <summary>The library's plan, for the engine's options.</summary>
    public EnginePlan? Engine { get; private init; }

    /// <summary>The plan for <paramref name="trainingRows"/> rows of <paramref name="architecture"/> (whose hidden layers dropout rates are counted against).</summary>
    public static LanguageExt.Either<CliError, TrainingPlan> Create(TrainSettings s, int trainingRows, FunctionalNet.Model.Architecture architecture) =>
        EnginePlan.Create(s.Mlp(architecture), trainingRows).Match(
            Succ: e => LanguageExt.Prelude.Right<CliError, TrainingPlan>(
                (e.Minimizer is { } m ? (TrainingPlan)new Minimizing(m) : new Rule(e.Rule!, e.Batching)) with { Engine = e }),
            Fail: errors => new CliError(new Error("options.optimizer", string.Join("; ", errors.Select(x => x.Message)))));

    /// <summary>True when <paramref name="optimizer"/> is a line-search minimizer (it computes in double).</summary>
    public static bool IsMinimizer(string optimizer) => Catalog.Optimizer(optimizer).Exists(e => e.IsMinimizer);
}
