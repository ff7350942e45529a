using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;

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
        var errors = FirstOrderProblems(architecture, rule, start, options);
        if (options.Batching is not Batching.ShuffledBatches)
            errors.Add(new Error("training.batching", $"training: a row source trains on shuffled mini-batches only, found {options.Batching}"));
        return Checked(architecture, DataShape.Of(data), start, options, DataShape.Optional(validation), errors,
            () => FirstOrderRun.Run(architecture, data, rule, start, options, validation));
    }
}
