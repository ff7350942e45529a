using System.Collections.Immutable;
using FunctionalNet.Formats;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Options;

/// <summary>Everything <c>fnet train</c> was asked to do, validated. <see cref="Task"/> is null until the data decides it
/// (when --task was not given), then <c>classification</c> or <c>regression</c>.</summary>
internal sealed record TrainSettings(
    string Data,
    string? Label,
    int Samples,
    double Noise,
    string Optimizer,
    double LearningRate,
    int Epochs,
    int BatchSize,
    string Init,
    ulong Seed,
    double TestSplit,
    string? TestData,
    double ValidationSplit,
    int Patience,
    bool Float32,
    string Scale,
    string Out,
    bool Quiet,
    bool LogScale,
    int CheckpointEvery,
    string? Resume,
    string? Labels = null,
    string? TestLabels = null,
    double Tolerance = 1e-4,
    bool RestoreBest = false,
    string EpochCost = "running-mean",
    string? Task = null,
    string? WeightColumn = null,
    string? ClassWeight = null,
    string? Dropout = null,
    string PlotFormat = "svg",
    double? WeightDecay = null,
    string LrSchedule = "constant",
    double? ClipNorm = null,
    double? ClipValue = null,
    MlpOptions? Recorded = null,
    StoredModel? Warm = null,
    Training.HistoryFormat? History = null)
{
    /// <summary>The calibration and decision threshold fitted after training (<c>--calibrate</c>, <c>--threshold</c>), or null for none.</summary>
    public DecisionSettings? Decision { get; init; }

    /// <summary>The slots of each mini-batch (<c>--slots</c>; 0 = the default for the batch size).</summary>
    public int Slots { get; init; }

    /// <summary>How epochs order the mini-batches' rows (<c>--sampling</c>): null (the whole set shuffled) or <c>sharded</c>.</summary>
    public string? Sampling { get; init; }

    /// <summary>Which gradient kernels training may take (<c>--kernels</c>: <c>fast</c> or <c>exact</c>).</summary>
    public string Kernels { get; init; } = "fast";

    /// <summary>Record the cost and the history's line every this many epochs (<c>--history-every</c>; 1 = every epoch).</summary>
    public int HistoryEvery { get; init; } = 1;

    /// <summary>The MPI processes sharing each mini-batch's slots (<c>--distributed</c>); null for one process. Not part of what is computed.</summary>
    public FunctionalNet.Training.SlotExchange? Exchange { get; init; }

    /// <summary>How a raw table (text cells, gaps) is read and preprocessed; the defaults when no table option was given.</summary>
    public TableSettings Table { get; init; } = TableSettings.Default;

    /// <summary>
    /// These settings replaying <paramref name="card"/>'s training (<c>--from-card</c>): every training field from its
    /// recorded options (kept whole in <see cref="Recorded"/>, so parameters the command line has no option for survive),
    /// and its task, label column and test split, so the same data gives the same rows and the same weights.
    /// </summary>
    public TrainSettings Replaying(MlpOptions o, ModelCard card) => this with
    {
        Optimizer = o.Optimizer.Name, LearningRate = o.LearningRate ?? 0, Epochs = o.Epochs, BatchSize = o.WithReplacement ? 0 : o.BatchSize ?? 0,
        Init = o.Init, Seed = o.Seed, TestSplit = card.Training is { TestSplit: > 0 } t ? t.TestSplit : TestSplit, ValidationSplit = o.ValidationFraction,
        Patience = o.Patience, Float32 = o.SinglePrecision, Scale = o.Scaler, Tolerance = o.Tolerance, RestoreBest = o.RestoreBest, EpochCost = o.EpochCost,
        Task = card.TaskOrDefault, Label = card.Preprocessing.LabelColumn ?? Label,
        ClassWeight = o.BalanceClasses ? "balanced"
            : o.ClassWeights is { } w ? string.Join(",", w.Select(p => $"{p.Key}={p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")) : null,
        Dropout = o.Dropout.IsDefaultOrEmpty ? null : string.Join(",", o.Dropout.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        WeightDecay = o.Optimizer.Given.TryGetValue(Catalog.WeightDecay, out var decay) ? decay : null, LrSchedule = o.Schedule.ToString(),
        ClipNorm = o.ClipNorm, ClipValue = o.ClipValue, Recorded = o, Slots = o.Slots, Kernels = o.Kernels, Sampling = o.Sampling, HistoryEvery = o.HistoryEvery,
    };

    /// <summary>
    /// The library's specification of this run: the network fields from <paramref name="architecture"/> (the
    /// library's defaults when it is not known yet), the rest from the options. It is what the engine is planned from
    /// and what the model card records.
    /// </summary>
    public MlpOptions Mlp(Architecture? architecture = null)
    {
        if (Recorded is { } recorded) return recorded;
        var hidden = architecture is null ? [] : architecture.Layers[..^1];
        var optimizer = new ComponentSpec(Optimizer);
        if (Catalog.Optimizer(Optimizer).Exists(e => e.DefaultLearningRate is not null)) optimizer = optimizer.With(Catalog.LearningRate, LearningRate);
        if (WeightDecay is { } decay) optimizer = optimizer.With(Catalog.WeightDecay, decay);
        var weights = ClassWeight is { } spec ? Weighting.ClassWeights(spec).IfLeft([]) : [];
        bool replacement = Optimizer == "sgd" && BatchSize == 0;
        var options = new MlpOptions
        {
            Optimizer = optimizer, Schedule = ScheduleEntry.Parse(LrSchedule).IfLeft(new ComponentSpec(LrSchedule)), ClipNorm = ClipNorm, ClipValue = ClipValue,
            BatchSize = replacement ? null : BatchSize, WithReplacement = replacement, Epochs = Epochs, Patience = Patience, Tolerance = Tolerance,
            ValidationFraction = ValidationSplit, RestoreBest = RestoreBest, EpochCost = EpochCost, Dtype = Float32 ? "float32" : "float64", Seed = Seed,
            Init = Init, BalanceClasses = ClassWeight is not null && weights.IsEmpty,
            ClassWeights = weights.IsEmpty ? null : weights.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Dropout = Dropout is null ? [] : Weighting.Dropout(Dropout).Match(d => d.Rates, _ => []), Scaler = Scale, Slots = Slots, Kernels = Kernels, Sampling = Sampling, HistoryEvery = HistoryEvery,
        };
        return architecture is null ? options : options with
        {
            Layers = [.. hidden.Select(l => l.Units)], Activations = hidden.IsEmpty ? ["relu"] : [.. hidden.Select(l => l.Activation.Name)],
            Output = architecture.Output.Activation.Name, Loss = architecture.Loss.Name, L2 = architecture.Lambda,
        };
    }

    /// <summary>True when the run's trace is in float: float32 asked for, with a first-order rule (minimizers compute in double).</summary>
    public bool TracesInFloat() => Float32 && !IsMinimizer();

    /// <summary>True when the optimizer is a line-search minimizer.</summary>
    public bool IsMinimizer() => Catalog.Optimizer(Optimizer).Exists(e => e.IsMinimizer);

    /// <summary>The settings that decide what the loop computes (not how long it runs or where it writes): a
    /// checkpoint may only be resumed by a run with the same fingerprint (<see cref="Storage.CheckpointFingerprint"/>).</summary>
    public string Fingerprint(Architecture architecture) => Storage.CheckpointFingerprint.Of(this, architecture);
}
