using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>Options shared by every training route: how long, how batches are drawn, when to stop early, what to report.</summary>
public sealed record TrainingOptions
{
    private TrainingOptions()
    {
    }

    /// <summary>The run ends after this many epochs (counted from the start's epoch); scikit-learn's max_iter is 200.</summary>
    public int MaxEpochs { get; private init; } = 200;

    /// <summary>How each epoch draws its batches (first-order rules only; minimizers always use the full batch).</summary>
    public Batching Batching { get; private init; } = Batching.Full;

    /// <summary>The key shuffles and draws come from (forked by epoch).</summary>
    public Rng Rng { get; private init; } = Rng.Create(0);

    /// <summary>
    /// Early stopping: end the run after this many consecutive stale epochs (scikit-learn's n_iter_no_change); 0 = never.
    /// An epoch is stale when its monitored cost (validation when given, else training) is above the best before it minus
    /// <see cref="Tolerance"/> — scikit-learn's test, so with a tolerance of 0 an unchanged cost is not stale.
    /// </summary>
    public int Patience { get; private init; }

    /// <summary>The improvement an epoch must make to reset the patience count (scikit-learn's tol).</summary>
    public double Tolerance { get; private init; } = 1e-4;

    /// <summary>What each epoch's training cost is.</summary>
    public EpochCost EpochCost { get; private init; } = EpochCost.Exact;

    /// <summary>Reduce the learning rate on plateaus of the monitored cost (scikit-learn's adaptive schedule).</summary>
    public PlateauPolicy? Plateau { get; private init; }

    /// <summary>Cancels the run before its next step; the last iterate then repeats the last completed epoch with <see cref="Optimization.StopKind.Interrupted"/>.</summary>
    public CancellationToken Cancellation { get; private init; }

    /// <summary>
    /// The trace yields an iterate every this many epochs (and at the start and the budget's end); epochs between hand out
    /// no snapshot and compute no exact or validation cost, and early stopping, restore-best and the plateau policy judge
    /// the reported epochs only (count patience in reports). For first-order rules; 1 = every epoch. Raise it when
    /// epochs are single steps on large models (full-batch gradient descent), where a snapshot per step would dominate.
    /// </summary>
    public int ReportEvery { get; private init; } = 1;

    /// <summary>Threads the matrix products may use: a speed knob only, the bits are the same at any setting.</summary>
    public Parallelism Parallelism { get; private init; } = Parallelism.Default;

    /// <summary>Dropout on the hidden layers during training (first-order rules only; minimizers refuse it); null for none.</summary>
    public Dropout? Dropout { get; private init; }

    /// <summary>
    /// The slots each shuffled mini-batch's gradient is the balanced-tree sum of (<see cref="SlotCount"/>); 0 = the default
    /// for the batch size. One slot is the batch as one pass.
    /// </summary>
    public int Slots { get; private init; }

    /// <summary>
    /// The processes sharing each mini-batch's slots (shuffled batches of a first-order rule only; the run's checks refuse
    /// anything else); null for a run in one process.
    /// </summary>
    public SlotExchange? Exchange { get; private init; }

    /// <summary>
    /// Sharded sampling (<see cref="ShardedOrder"/>): each epoch shuffles the rows within S fixed shards and slot s of every
    /// batch draws from shard s, so a process sharing a run reads only its slots' shards; false shuffles the whole set.
    /// </summary>
    public bool Sharded { get; private init; }

    /// <summary>Which gradient kernels the run may take: <see cref="KernelChoice.Fast"/> (the default) or bit-for-bit <see cref="KernelChoice.Exact"/>.</summary>
    public KernelChoice Kernels { get; private init; } = KernelChoice.Fast;

    /// <summary>
    /// Epoch 0's training cost computed outside the engine, by a reader that had to read the rows anyway (a row cache
    /// verifying its chunks: docs/data.md), so the engine does not walk them again before its first step. It must be
    /// <see cref="RowSources.Cost{T}"/> of the training source at the start's parameters — the same blocks in the same
    /// order, so the same bits. Null (the default): the engine computes it. Runs that do not
    /// <see cref="TakesStartingCost"/> ignore it.
    /// </summary>
    public double? StartingCost { get; private init; }

    /// <summary>
    /// Whether the engine reads <see cref="StartingCost"/>: a run that reports an epoch cost and draws mini-batches or
    /// single rows from the whole set. A reader asks this before computing one; full-batch runs (whose cost comes with the
    /// gradient), sharded runs (whose cost is the slot tree's) and runs with <see cref="EpochCost.None"/> take none.
    /// </summary>
    public bool TakesStartingCost => EpochCost != EpochCost.None && !Sharded && Batching is not Batching.FullBatch;

    /// <summary>These options with epoch 0's training cost given from outside (<see cref="StartingCost"/>).</summary>
    public TrainingOptions WithStartingCost(double? cost) => this with { StartingCost = cost };

    /// <summary>200 full-batch epochs, exact costs, no early stopping.</summary>
    public static TrainingOptions Default { get; } = new();

    /// <summary>Validated options; every problem is reported.</summary>
    public static Validation<Error, TrainingOptions> Create(int maxEpochs = 200, Batching? batching = null, Rng? rng = null, int patience = 0,
        double tolerance = 1e-4, EpochCost epochCost = EpochCost.Exact, PlateauPolicy? plateau = null, Parallelism? parallelism = null,
        int reportEvery = 1, Dropout? dropout = null, int slots = 0, SlotExchange? exchange = null, KernelChoice kernels = KernelChoice.Fast,
        bool sharded = false, CancellationToken cancellation = default)
    {
        var errors = new List<Error>();
        if (maxEpochs < 1) errors.Add(new Error("training.max-epochs", $"training: the epoch limit must be ≥ 1, found {maxEpochs}"));
        if ((batching ?? Batching.Full).Problem is { } problem) errors.Add(new Error("training.batching", "training: " + problem));
        if (patience < 0) errors.Add(new Error("training.patience", $"training: the patience must be ≥ 0, found {patience}"));
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
            errors.Add(new Error("training.tolerance", $"training: the tolerance must be finite and ≥ 0, found {tolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        if (reportEvery < 1) errors.Add(new Error("training.report-every", $"training: reportEvery must be ≥ 1, found {reportEvery}"));
        if (SlotCount.Problem(slots) is { } slotProblem) errors.Add(new Error("training.slots", "training: " + slotProblem));
        if (sharded && batching is not Batching.ShuffledBatches)
            errors.Add(new Error("training.sampling", $"training: sharded sampling orders shuffled mini-batches, found {batching ?? Batching.Full}"));
        if (!Enum.IsDefined(kernels)) errors.Add(new Error("training.kernels", $"training: unknown kernel choice {(int)kernels}"));
        if (!Enum.IsDefined(epochCost)) errors.Add(new Error("training.epoch-cost", $"training: unknown epoch cost {(int)epochCost}"));
        return errors.Count > 0
            ? Validation<Error, TrainingOptions>.Fail(errors.ToSeq())
            : Success<Error, TrainingOptions>(new TrainingOptions
            {
                MaxEpochs = maxEpochs, Batching = batching ?? Batching.Full, Rng = rng ?? Rng.Create(0), Patience = patience,
                Tolerance = tolerance, EpochCost = epochCost, Plateau = plateau, Cancellation = cancellation,
                Parallelism = parallelism ?? Parallelism.Default, ReportEvery = reportEvery, Dropout = dropout,
                Slots = slots, Exchange = exchange, Kernels = kernels, Sharded = sharded,
            });
    }
}
