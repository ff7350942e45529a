using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

public static partial class Train
{
    /// <summary>
    /// A first-order rule on shuffled mini-batches read from <paramref name="data"/> one batch at a time (e.g. a
    /// memory-mapped cache larger than memory): the engine holds only one batch of rows, and costs are computed in
    /// blocks (<see cref="RowSources"/>). The epoch's order is the source's (<see cref="IRowSource{T}.Order"/>); with
    /// an in-memory batch's order and rows this is exactly <see cref="Fit{T}(Architecture, Batch{T}, UpdateRule, TrainingStart{T}, TrainingOptions?, Batch{T}?)"/>.
    /// Full batches and draws with replacement need the whole set and are refused as an error value.
    /// </summary>
    /// <param name="architecture">The network.</param>
    /// <param name="data">The training rows.</param>
    /// <param name="rule">The update rule.</param>
    /// <param name="start">θ₀, or a previous run's iterate to continue from.</param>
    /// <param name="options">Must use <see cref="Batching.Shuffled"/>.</param>
    /// <param name="validation">Held-out rows whose cost is reported every epoch.</param>
    public static Validation<Error, IEnumerable<TrainingIterate<T>>> Fit<T>(Architecture architecture, IRowSource<T> data, UpdateRule rule,
        TrainingStart<T> start, TrainingOptions options, IRowSource<T>? validation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<Error>();
        if (options.Batching is not Batching.ShuffledBatches)
            errors.Add(new Error("training.batching", $"training: a row source trains on shuffled mini-batches only, found {options.Batching}"));
        foreach (var (source, what) in new[] { (data, "training"), (validation, "validation") })
        {
            if (source is null) continue;
            if (source.Inputs != architecture.Inputs)
                errors.Add(new Error($"{what}.features", $"{what}: the network {architecture.Shape} expects {architecture.Inputs} features, found {source.Inputs}"));
            if (source.Outputs != architecture.Outputs)
                errors.Add(new Error($"{what}.targets", $"{what}: the network {architecture.Shape} has {architecture.Outputs} outputs, the targets have {source.Outputs} columns"));
        }
        if (data.Count == 0) errors.Add(new Error("training.empty", "training: the training set has no samples"));
        if (start.Parameters.Count != architecture.Layout.Count)
            errors.Add(new Error("training.parameters", $"training: the network {architecture.Shape} has {architecture.Layout.Count} parameters, the start has {start.Parameters.Count}"));
        if (start.RuleState is { } state && rule.StateProblem<T>(state, architecture.Layout.Count) is { } problem)
            errors.Add(new Error("training.rule-state", $"training: {rule.Name} cannot continue from the start's state: {problem}"));
        if (options.Patience > 0 && options.EpochCost == EpochCost.None && validation is null)
            errors.Add(new Error("training.patience", "training: early stopping watches a cost, but EpochCost.None computes none; give a validation set or another EpochCost"));
        return errors.Count == 0
            ? Success<Error, IEnumerable<TrainingIterate<T>>>(FirstOrderRun.Run(architecture, data, rule, start, options, validation))
            : Validation<Error, IEnumerable<TrainingIterate<T>>>.Fail(errors.ToSeq());
    }
}
