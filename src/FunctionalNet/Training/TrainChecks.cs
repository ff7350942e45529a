using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

public static partial class Train
{
    /// <summary>What the checks need of a training or validation set, in memory or a row source alike.</summary>
    private readonly record struct DataShape(int Inputs, int Outputs, int Count)
    {
        public static DataShape Of<T>(Batch<T> data) where T : unmanaged, IFloatingPointIeee754<T> => new(data.Features.Cols, data.Targets.Cols, data.Count);

        public static DataShape? Optional<T>(Batch<T>? data) where T : unmanaged, IFloatingPointIeee754<T> => data is null ? null : Of(data);

        public static DataShape Of<T>(IRowSource<T> data) where T : unmanaged, IFloatingPointIeee754<T> => new(data.Inputs, data.Outputs, data.Count);

        public static DataShape? Optional<T>(IRowSource<T>? data) where T : unmanaged, IFloatingPointIeee754<T> => data is null ? null : Of(data);
    }

    // The checks of a first-order run, in memory or from a row source: the rule's state and the dropout rates must fit.
    private static List<Error> FirstOrderProblems<T>(Architecture architecture, UpdateRule rule, TrainingStart<T> start, TrainingOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var errors = new List<Error>();
        if (start.RuleState is { } state && rule.StateProblem<T>(state, architecture.Layout.Count) is { } problem)
            errors.Add(new Error("training.rule-state", $"training: {rule.Name} cannot continue from the start's state: {problem}"));
        if (options.Dropout is { } dropout && dropout.Problem(architecture) is { } misfit)
            errors.Add(new Error("training.dropout", "training: " + misfit));
        return errors;
    }

    // The one validation every route ends with (the route's own problems in errors): the data and the start fit the
    // network, there is data, and early stopping has a cost to watch; the run is made only when nothing is wrong.
    private static Validation<Error, IEnumerable<TrainingIterate<T>>> Checked<T>(Architecture architecture, DataShape data, TrainingStart<T> start,
        TrainingOptions options, DataShape? validation, List<Error> errors, Func<IEnumerable<TrainingIterate<T>>> run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        errors.AddRange(Fits(architecture, data, "training"));
        if (validation is { } v) errors.AddRange(Fits(architecture, v, "validation"));
        if (data.Count == 0) errors.Add(new Error("training.empty", "training: the training set has no samples"));
        if (start.Parameters.Count != architecture.Layout.Count)
            errors.Add(new Error("training.parameters", $"training: the network {architecture.Shape} has {architecture.Layout.Count} parameters, the start has {start.Parameters.Count}"));
        if (options.Patience > 0 && options.EpochCost == EpochCost.None && validation is null)
            errors.Add(new Error("training.patience", "training: early stopping watches a cost, but EpochCost.None computes none; give a validation set or another EpochCost"));
        errors.AddRange(SharingProblems(options, data.Count));
        if (options.Sharded && options.Batching is Batching.ShuffledBatches sharded
            && ShardedOrder.Problem(data.Count, sharded.Rows(data.Count), SlotCount.For(sharded.Rows(data.Count), options.Slots)) is { } shardProblem)
            errors.Add(new Error("training.sampling", "training: " + shardProblem));
        return errors.Count == 0
            ? Success<Error, IEnumerable<TrainingIterate<T>>>(run())
            : Validation<Error, IEnumerable<TrainingIterate<T>>>.Fail(errors.ToSeq());
    }

    // Processes share shuffled mini-batches only, each an equal share of every batch's slots.
    private static IEnumerable<Error> SharingProblems(TrainingOptions options, int rows)
    {
        if (options.Exchange is not { } exchange) yield break;
        if (options.Batching is not Batching.ShuffledBatches shuffled)
        {
            yield return new Error("training.exchange", $"training: processes share shuffled mini-batches only, found {options.Batching}");
            yield break;
        }
        int batch = shuffled.Rows(rows), slots = SlotCount.For(batch, options.Slots);
        if (slots % exchange.Ranks != 0)
            yield return new Error("training.slots",
                $"training: {exchange.Ranks} processes share each batch's slots, but a batch of {batch} rows has {slots}; ask for a multiple of {exchange.Ranks} slots");
    }

    private static IEnumerable<Error> Fits(Architecture architecture, DataShape data, string what)
    {
        if (data.Inputs != architecture.Inputs)
            yield return new Error($"{what}.features", $"{what}: the network {architecture.Shape} expects {architecture.Inputs} features, found {data.Inputs}");
        if (data.Outputs != architecture.Outputs)
            yield return new Error($"{what}.targets", $"{what}: the network {architecture.Shape} has {architecture.Outputs} outputs, the targets have {data.Outputs} columns");
    }
}
