using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet;

/// <summary>
/// Everything that says how to build and train a multi-layer perceptron, as one immutable, serialisable value:
/// what <c>Classifier.Fit</c>, <c>Regressor.Fit</c>, <c>fnet train</c> and <c>fnet sweep</c> train from and what the
/// model card records, so a card alone says how to train its model again. Names refer to the <see cref="Catalog"/>.
/// Defaults are scikit-learn <c>MLPClassifier</c>'s (one hidden layer of 100 ReLU units, Adam at 0.001, mini-batches
/// of min(200, n), 200 epochs, stop after 10 epochs without an improvement of 10⁻⁴, L2 α = 10⁻⁴) with features
/// standardised (scikit-learn's documentation recommends it; its pipeline adds the scaler, here the model holds it).
/// <see cref="Validate"/> lists every problem; nothing is checked at construction.
/// </summary>
public sealed record MlpOptions
{
    /// <summary>scikit-learn's MLPClassifier defaults (see the type's summary).</summary>
    public static MlpOptions Default { get; } = new();

    /// <summary>A regressor's defaults: <see cref="Default"/> with <see cref="DataSetDefaults.Regression"/>'s network, batches and budget.</summary>
    public static MlpOptions RegressionDefault { get; } = DataSetDefaults.Regression.ApplyTo(Default, System.Collections.Frozen.FrozenSet<string>.Empty);

    /// <summary>Hidden layer widths; empty for none (logistic or linear regression).</summary>
    public ImmutableArray<int> Layers { get; init; } = [100];

    /// <summary>Hidden activations: one for every hidden layer, or one per hidden layer (catalog spellings, e.g. <c>elu(0.5)</c>).</summary>
    public ImmutableArray<string> Activations { get; init; } = ["relu"];

    /// <summary>Output activation; null: softmax for a classifier, identity for a regressor.</summary>
    public string? Output { get; init; }

    /// <summary>Loss; null: follows the output (softmax → ce, sigmoid → bce, otherwise mse).</summary>
    public string? Loss { get; init; }

    /// <summary>L2 strength λ on the weights, the cost's λ/(2m)·Σw² (scikit-learn's alpha, same scaling).</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>The optimizer and its hyper-parameters (<c>lr</c> defaults to the optimizer's own rate).</summary>
    public ComponentSpec Optimizer { get; init; } = new("adam");

    /// <summary>The learning-rate schedule, per epoch, over the optimizer's <c>lr</c>; first-order rules only.</summary>
    public ComponentSpec Schedule { get; init; } = new("constant");

    /// <summary>Clip each step's gradient to this global L2 norm first; null for none.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clip each gradient component to ±this first; null for none.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Mini-batch size; 0 = the whole training set; null = scikit-learn's auto, min(200, n), for mini-batch
    /// optimizers and the whole set for full-batch ones (gd, rprop, cg, lbfgs, tnc).</summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// The slots each mini-batch's gradient is the balanced-tree sum of (a power of two; 0 = the default for the batch size,
    /// <see cref="Training.SlotCount"/>): what makes N processes sharing a batch step with one process's bits.
    /// </summary>
    public int Slots { get; init; }

    /// <summary>
    /// How each epoch orders the mini-batches' rows: null or <c>shuffled</c> (the whole training set shuffled) or <c>sharded</c>
    /// (<see cref="Training.ShardedOrder"/>: each slot's rows from its own fixed shard, so processes sharing a run read only
    /// their shards). Written to the card only when sharded.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sampling { get; init; }

    /// <summary>True when <see cref="Sampling"/> is <c>sharded</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Sharded => Sampling == "sharded";

    /// <summary>
    /// Which gradient kernels training may take: <c>fast</c> (any, the fused narrow-network gradient with its own rounding
    /// included) or <c>exact</c> (only those whose bits equal the pure functions' fold); <see cref="Training.KernelChoice"/>.
    /// </summary>
    public string Kernels { get; init; } = "fast";

    /// <summary>The values <see cref="Kernels"/> may take, as the CLI and the model card spell them.</summary>
    public static ImmutableArray<string> KernelNames { get; } = ["exact", "fast"];

    /// <summary>Null when <paramref name="kernels"/> is one of <see cref="KernelNames"/>, else why not (one line).</summary>
    public static string? KernelsProblem(string kernels) =>
        KernelNames.Contains(kernels) ? null : $"'{kernels}' is not one of {string.Join(", ", KernelNames)}";

    /// <summary>
    /// Record the training cost (and the history's line) every this many epochs, and at the budget's end; 1 = every epoch.
    /// Epochs between compute no cost, and early stopping and the plateau policy judge the recorded epochs only (patience
    /// counts records); <see cref="Training.TrainingOptions.ReportEvery"/>. First-order optimizers only.
    /// </summary>
    public int HistoryEvery { get; init; } = 1;

    /// <summary>One sample per step, drawn with replacement, n steps an epoch (the tutorials' SGD) instead of shuffled batches.</summary>
    public bool WithReplacement { get; init; }

    /// <summary>The epoch budget (for minimizers: iterations).</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Stop after this many epochs without improvement by <see cref="Tolerance"/>; 0 = never (scikit-learn's n_iter_no_change).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>The improvement that resets the patience count (scikit-learn's tol).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Fraction of the training rows held out (stratified for classes) to watch; the kept epoch is then the best on it.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Without validation, keep the epoch with the lowest training cost instead of the last.</summary>
    public bool RestoreBest { get; init; }

    /// <summary>Each epoch's reported training cost: <c>running-mean</c> of the batch costs (scikit-learn's loss_curve_) or <c>exact</c>.</summary>
    public string EpochCost { get; init; } = "running-mean";

    /// <summary><c>float64</c> or <c>float32</c>: the arithmetic of first-order rules and the stored weights (minimizers compute in float64).</summary>
    public string Dtype { get; init; } = "float64";

    /// <summary>Seed of every draw: validation split, initial weights, shuffles, dropout masks.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Initializer (catalog spelling, e.g. <c>xavier</c> or <c>uniform(0.1)</c>).</summary>
    public string Init { get; init; } = "xavier";

    /// <summary>Weigh classes n / (classes · count) on the training rows (scikit-learn's balanced).</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Class weights by class name (unnamed classes weigh 1); null for none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableSortedDictionary<string, double>? ClassWeights { get; init; }

    /// <summary>Dropout rates on the hidden layers: none, one for all, or one per hidden layer (first-order rules only).</summary>
    public ImmutableArray<double> Dropout { get; init; } = [];

    /// <summary>Feature scaling fitted on the training rows and held by the model: <c>standard</c>, <c>minmax</c> or <c>none</c>.</summary>
    public string Scaler { get; init; } = "standard";

    /// <summary>The catalog entry of <see cref="Optimizer"/> (validated options only).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OptimizerEntry OptimizerEntry => Catalog.Optimizer(Optimizer.Name).IfNone(() => throw new InvalidOperationException($"unknown optimizer {Optimizer.Name}; validate the options first"));

    /// <summary>
    /// <see cref="Schedule"/> as the library's per-epoch schedule value (every parameter filled in); the conversion is
    /// lossless: <see cref="ScheduleEntry.Spec"/> gives it back with every parameter named.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Validation<Error, Optimization.Scheduling.EpochSchedule> EpochSchedule =>
        Catalog.Schedule(Schedule?.Name ?? "").Match(e => e.Create(Schedule!.Parameters),
            () => Fail<Error, Optimization.Scheduling.EpochSchedule>(new Error("options.schedule", $"schedule '{Schedule?.Name}' is not one of {Catalog.Names(Catalog.Schedules)}")));

    /// <summary>The learning rate used (given or the optimizer's default); null for optimizers that take none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? LearningRate =>
        Catalog.Optimizer(Optimizer.Name).Case is OptimizerEntry { DefaultLearningRate: not null } e ? e.Value(Optimizer.Parameters, Catalog.LearningRate) : null;

    /// <summary>True when the fit's trace is in double: a minimizer, or float64 asked for (validated options only).</summary>
    internal bool TracesInDouble => OptimizerEntry.IsMinimizer || !SinglePrecision;

    /// <summary>True for float32 arithmetic and weights.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SinglePrecision => Dtype == "float32";

    /// <summary>
    /// These options if every field is valid, else every problem: names the catalog does not know, parameters out of
    /// range, one activation or dropout rate per hidden layer, and combinations that cannot train (a schedule or
    /// dropout with a line-search minimizer).
    /// </summary>
    public Validation<Error, MlpOptions> Validate()
    {
        var errors = new List<Error>();
        void Check(bool ok, string code, string message)
        {
            if (!ok) errors.Add(new Error("options." + code, message));
        }
        var layers = Layers.IsDefault ? [] : Layers;
        var activations = Activations.IsDefault ? [] : Activations;
        var dropout = Dropout.IsDefault ? [] : Dropout;
        Check(layers.All(w => w > 0), "layers", $"layers: every width must be ≥ 1, found {string.Join(",", layers)}");
        Check(activations.Length == 1 || activations.Length == layers.Length, "activations",
            $"activations: expected one, or one per hidden layer ({layers.Length}), found {activations.Length}");
        foreach (var a in activations)
            Check(a is not null && Catalog.Activation(a).Exists(x => !x.IsRowwise), "activation",
                $"activation '{a}' is not a hidden activation; expected one of {Catalog.Names(Catalog.Activations.Where(e => e.Placement == Placement.Anywhere))}");
        Check(Output is null || Catalog.Activation(Output).IsSome, "output", $"output '{Output}' is not one of {Catalog.Names(Catalog.Activations)}");
        Check(Loss is null || Catalog.Loss(Loss).IsSome, "loss", $"loss '{Loss}' is not one of {Catalog.Names(Catalog.Losses)}");
        foreach (var (text, kind) in activations.Select(a => ((string?)a, "activation")).Append((Output, "output")))
            if (text is not null && Catalog.ParameterProblem(Catalog.Activations, text, kind) is { } problem) errors.Add(problem);
        if (Loss is not null && Catalog.ParameterProblem(Catalog.Losses, Loss, "loss") is { } lossProblem) errors.Add(lossProblem);
        Check(L2 >= 0 && double.IsFinite(L2), "l2", $"l2: λ must be a finite number ≥ 0, found {F(L2)}");
        var optimizer = Optimizer is null ? None : Catalog.Optimizer(Optimizer.Name);
        Check(optimizer.IsSome, "optimizer", $"optimizer '{Optimizer?.Name}' is not one of {Catalog.Names(Catalog.Optimizers)}");
        optimizer.IfSome(o => errors.AddRange(o.Problems(Optimizer!.Parameters, "optimizer")));
        var schedule = Schedule is null ? None : Catalog.Schedule(Schedule.Name);
        Check(schedule.IsSome, "schedule", $"schedule '{Schedule?.Name}' is not one of {Catalog.Names(Catalog.Schedules)}");
        schedule.IfSome(s => errors.AddRange(s.Problems(Schedule!.Parameters, "schedule")));
        bool minimizer = optimizer.Exists(o => o.IsMinimizer);
        string name = Optimizer?.Name ?? "";
        Check(!minimizer || Schedule?.Name == "constant", "schedule", $"schedule {Schedule?.Name}: {name} searches along lines and takes no learning rate; schedules are for first-order optimizers");
        Check(!minimizer || (ClipNorm is null && ClipValue is null), "clip", $"clipping: {name} searches along lines; clipping is for first-order optimizers");
        Check(ClipNorm is null || (ClipNorm > 0 && double.IsFinite(ClipNorm.Value)), "clip-norm", $"clip-norm must be a finite number > 0, found {F(ClipNorm ?? 0)}");
        Check(ClipValue is null || (ClipValue > 0 && double.IsFinite(ClipValue.Value)), "clip-value", $"clip-value must be a finite number > 0, found {F(ClipValue ?? 0)}");
        Check(BatchSize is null || BatchSize >= 0, "batch-size", $"batch-size must be ≥ 0 (0 = the whole training set), found {BatchSize}");
        Check(!WithReplacement || BatchSize is null or 1, "batch-size", $"sampling with replacement draws one sample per step, found batch-size {BatchSize}");
        Check(!WithReplacement || !optimizer.Exists(o => o.FullBatch), "sampling", $"{name} steps on the whole training set; sampling with replacement is for mini-batch optimizers");
        Check(Training.SlotCount.Problem(Slots) is null, "slots", "slots: " + Training.SlotCount.Problem(Slots));
        Check(Sampling is null or "shuffled" or "sharded", "sampling", $"sampling '{Sampling}' is not one of shuffled, sharded");
        Check(!Sharded || !WithReplacement && !optimizer.Exists(o => o.FullBatch), "sampling", $"sharded sampling orders mini-batches; {name} {(WithReplacement ? "draws single samples" : "steps on the whole training set")}");
        Check(KernelsProblem(Kernels) is null, "kernels", "kernels " + KernelsProblem(Kernels));
        Check(HistoryEvery >= 1, "history-every", $"history-every must be ≥ 1, found {HistoryEvery}");
        Check(!minimizer || HistoryEvery == 1, "history-every", $"history-every: {name} reports every iteration; recording every N epochs is for first-order optimizers");
        Check(Epochs >= 1, "epochs", $"epochs must be ≥ 1, found {Epochs}");
        Check(Patience >= 0, "patience", $"patience must be ≥ 0, found {Patience}");
        Check(Tolerance >= 0 && double.IsFinite(Tolerance), "tolerance", $"tolerance must be a finite number ≥ 0, found {F(Tolerance)}");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, "validation-fraction", $"validation-fraction must be in [0, 1), found {F(ValidationFraction)}");
        Check(EpochCost is "running-mean" or "exact", "epoch-cost", $"epoch-cost '{EpochCost}' is not one of running-mean, exact");
        Check(Dtype is "float32" or "float64", "dtype", $"dtype '{Dtype}' is not one of float32, float64");
        Check(Init is not null && Catalog.Initializer(Init).IsSome, "init", $"init '{Init}' is not one of {Catalog.Names(Catalog.Initializers)}");
        Check(!(BalanceClasses && ClassWeights is not null), "class-weights", "class weights: give balanced or weights by name, not both");
        if (ClassWeights is { } weights)
            foreach (var (cls, w) in weights)
                Check(w >= 0 && double.IsFinite(w), "class-weights", $"class weights: the weight of class '{cls}' must be a finite number ≥ 0, found {F(w)}");
        Check(dropout.All(p => p >= 0 && p < 1), "dropout", $"dropout: every rate must be in [0, 1), found {string.Join(",", dropout.Select(F))}");
        Check(dropout.Length is 0 or 1 || dropout.Length == layers.Length, "dropout", $"dropout: expected one rate or one per hidden layer ({layers.Length}), found {dropout.Length}");
        Check(dropout.IsEmpty || layers.Length > 0, "dropout", "dropout applies to hidden layers, and there are none");
        Check(dropout.IsEmpty || !minimizer, "dropout",
            $"dropout needs a first-order optimizer: {name}'s line searches compare costs of one function, and dropout draws new masks at every evaluation");
        Check(Scaler is "standard" or "minmax" or "none", "scaler", $"scaler '{Scaler}' is not one of none, minmax, standard");
        return errors.Count == 0 ? Success<Error, MlpOptions>(this) : Validation<Error, MlpOptions>.Fail(errors.ToSeq());
    }

    /// <summary>
    /// The network these options describe for <paramref name="inputs"/> features and <paramref name="outputs"/> units.
    /// A <paramref name="regression"/> defaults to an identity output; a regression with a squashing output or a
    /// classification loss is refused, since it cannot reach standardised targets.
    /// </summary>
    public Validation<Error, Architecture> Architecture(int inputs, int outputs, bool regression) =>
        Validate().Bind(_ =>
        {
            var output = Catalog.Activation(Output ?? (regression ? "identity" : "softmax")).IfNone(Model.Activations.Activation.Identity);
            var loss = Loss is { } l ? Catalog.Loss(l).IfNone(Model.Losses.Loss.SquaredError) : Catalog.DefaultLoss(output);
            if (regression && Catalog.RegressionProblem(output, loss) is { } problem)
                return Fail<Error, Architecture>(new Error("options.task", problem));
            var hidden = Activations.Select(a => Catalog.Activation(a).IfNone(Model.Activations.Activation.Relu)).ToArray();
            var layers = Layers.Select((w, k) => new Layer(w, hidden.Length == 1 ? hidden[0] : hidden[k])).Append(new Layer(outputs, output));
            return Model.Architecture.Create(inputs, layers, loss, L2);
        });

    /// <summary>The initializer (validated options only).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Initializer Initializer => Catalog.Initializer(Init).IfNone(() => throw new InvalidOperationException($"unknown initializer {Init}; validate the options first"));

    /// <summary>The batch size a training set of <paramref name="rows"/> rows gets: 0 for the whole set, else at most <paramref name="rows"/>.</summary>
    public int BatchFor(int rows)
    {
        int size = BatchSize ?? (OptimizerEntry.FullBatch ? 0 : Math.Min(200, rows));
        return size >= rows ? 0 : size;
    }

    /// <inheritdoc/>
    public bool Equals(MlpOptions? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Every field, as text: equal options print the same (also the checkpoint fingerprint's part).</summary>
    public override string ToString() => string.Join(" ", [
        $"layers={string.Join(",", Layers.IsDefault ? [] : Layers)}", $"activations={string.Join(",", Activations.IsDefault ? [] : Activations)}",
        $"output={Output}", $"loss={Loss}", $"l2={F(L2)}", $"optimizer={Optimizer}", $"schedule={Schedule}",
        $"clip-norm={(ClipNorm is { } n ? F(n) : "")}", $"clip-value={(ClipValue is { } v ? F(v) : "")}", $"batch-size={BatchSize}",
        $"with-replacement={WithReplacement}", $"epochs={Epochs}", $"patience={Patience}", $"tolerance={F(Tolerance)}",
        $"validation-fraction={F(ValidationFraction)}", $"restore-best={RestoreBest}", $"epoch-cost={EpochCost}", $"dtype={Dtype}",
        $"seed={Seed}", $"init={Init}", $"balanced={BalanceClasses}",
        $"class-weights={(ClassWeights is null ? "" : string.Join(",", ClassWeights.Select(p => $"{p.Key}={F(p.Value)}")))}",
        $"dropout={string.Join(",", (Dropout.IsDefault ? [] : Dropout).Select(F))}", $"scaler={Scaler}",
        // Only when asked, so the fingerprints of checkpoints written before slots and kernels existed still match.
        .. Slots == 0 ? (string[])[] : [$"slots={Slots}"], .. Kernels == "fast" ? (string[])[] : [$"kernels={Kernels}"],
        .. !Sharded ? (string[])[] : [$"sampling={Sampling}"], .. HistoryEvery == 1 ? (string[])[] : [$"history-every={HistoryEvery}"]]);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
