using FunctionalNet.Formats;
using System.CommandLine;
using System.Globalization;

namespace FunctionalNet.Cli.Options;

/// <summary>The options of <c>fnet train</c> other than the network's, and their validation.</summary>
internal sealed class TrainOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Built-in data set (see 'fnet datasets'), a CSV or Parquet file, IDX images (MNIST format, optionally .gz) with --labels, or a row cache (.fnetc, written by 'fnet cache'; mini-batch optimizers only)", DefaultValueFactory = _ => "moons" };
    public Option<string?> Label { get; } = new("--label") { Description = "Label column of a CSV file, by name or 0-based index (default: last); a regression may list several target columns, comma-separated (--label a,b), and --task multilabel its 0/1 label columns" };
    public Option<string?> Task { get; } = new("--task")
    {
        Description = "classification, multilabel (several 0/1 --label columns of a CSV or Parquet file, one sigmoid output each with binary cross-entropy) or regression (real-valued targets, standardised for training; identity output, mse loss and the regression defaults " + DataFiles.DataCatalog.RegressionDefaults.Options + "). Default: classification, or regression for a regression data set, several --label columns, or an mse loss on a label column that is not integer-valued",
    };
    public Option<int> Samples { get; } = new("--samples") { Description = "Points drawn by a generated data set", DefaultValueFactory = _ => 400 };
    public Option<double> Noise { get; } = new("--noise") { Description = "Noise of a generated data set", DefaultValueFactory = _ => 0.2 };
    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "Optimizer: " + Catalog.Signatures(Catalog.Optimizers) + ". " + Catalog.Names(Catalog.Optimizers.Where(o => o.FullBatch)) + " step on the whole training set, the line-search minimizers (" + Catalog.Names(Catalog.Optimizers.Where(o => o.IsMinimizer)) + ") once an epoch; the others on shuffled mini-batches of --batch-size (sgd with --batch-size 0: one sample per step drawn with replacement, as in the tutorials)", DefaultValueFactory = _ => "gd" };
    public Option<double?> WeightDecay { get; } = new("--weight-decay") { Description = "Decoupled weight decay of adamw (default 0.01)" };
    public Option<string> LrSchedule { get; } = new("--lr-schedule") { Description = "Learning-rate schedule per epoch over --lr, first-order optimizers only: NAME, NAME(key=value,…) or NAME(v1,v2,…), one of " + Catalog.Signatures(Catalog.Schedules), DefaultValueFactory = _ => "constant" };
    public Option<double?> ClipNorm { get; } = new("--clip-norm") { Description = "Clip each step's gradient to this global L2 norm (first-order optimizers)" };
    public Option<double?> ClipValue { get; } = new("--clip-value") { Description = "Clip each gradient component to ±this (first-order optimizers)" };
    // No single default: each optimizer has its own (LearningRates), so an absent --lr must stay distinguishable.
    public Option<double?> LearningRate { get; } = new("--lr")
    {
        Description = $"Learning rate; default per optimizer: {LearningRates.Describe()}. A rate more than {LearningRates.AboveFactor}× an optimizer's default, or below 1/{LearningRates.BelowFactor} of it, draws a warning",
    };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs (passes over the training data)", DefaultValueFactory = _ => 2000 };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size; 0 = the whole training set (one sample for sgd)", DefaultValueFactory = _ => 0 };
    public Option<string> Init { get; } = new("--init") { Description = "Initializer: " + Catalog.Signatures(Catalog.Initializers), DefaultValueFactory = _ => "xavier" };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed for data, split, initialisation and shuffling", DefaultValueFactory = _ => 42UL };
    public Option<double> TestSplit { get; } = new("--test-split") { Description = "Fraction held out for testing (stratified)", DefaultValueFactory = _ => 0.25 };
    public Option<string?> TestData { get; } = new("--test-data") { Description = "Test file (CSV, or IDX images with --test-labels) instead of --test-split" };
    public Option<string?> Labels { get; } = new("--labels") { Description = "IDX label file for IDX images given as --data, e.g. --data train-images-idx3-ubyte --labels train-labels-idx1-ubyte" };
    public Option<string?> TestLabels { get; } = new("--test-labels") { Description = "IDX label file for IDX images given as --test-data" };
    public Option<double> ValidationSplit { get; } = new("--validation-split") { Description = "Fraction of the training part used to pick the best epoch", DefaultValueFactory = _ => 0.0 };
    public Option<int> Patience { get; } = new("--patience") { Description = "Stop after this many epochs in which the watched cost (validation, else training) did not fall below the best by --tol; 0 = never", DefaultValueFactory = _ => 0 };
    public Option<double> Tolerance { get; } = new("--tol") { Description = "The improvement an epoch must make to reset --patience (scikit-learn's tol)", DefaultValueFactory = _ => 1e-4 };
    public Option<string> EpochCost { get; } = new("--epoch-cost") { Description = "The training cost each epoch reports (progress, loss.svg, --patience without validation): running-mean of the epoch's batch costs, as scikit-learn's loss_curve_, or exact (a forward pass over the training part at the epoch's end); full batches always report the exact cost", DefaultValueFactory = _ => "running-mean" };
    public Option<bool> RestoreBest { get; } = new("--restore-best") { Description = "Without validation, keep the epoch with the lowest training cost instead of the last (with validation the lowest validation cost is always kept)" };
    public Option<string> Dtype { get; } = new("--dtype") { Description = "Precision of the arithmetic and the saved model: float32 or float64 (the line-search minimizers, " + Catalog.Names(Catalog.Optimizers.Where(o => o.IsMinimizer)) + ", compute in float64 and store the result in this precision)", DefaultValueFactory = _ => "float64" };
    public Option<string> Scale { get; } = new("--scale") { Description = "Feature scaling fitted on the training part: none, minmax, standard", DefaultValueFactory = _ => "standard" };
    public Option<string> Out { get; } = new("--out") { Description = "Model directory (also receives loss.svg, boundary.svg, confusion.svg)", DefaultValueFactory = _ => "model" };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only the final summary" };
    public Option<bool> LogScale { get; } = new("--log-scale") { Description = "Draw loss.svg with a logarithmic cost axis" };
    public Option<string> PlotFormat { get; } = new("--plot-format") { Description = "Format of the pictures in the model directory: svg or png", DefaultValueFactory = _ => "svg" };
    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Save a resumable checkpoint (weights and optimizer state) in OUT/checkpoint every N epochs (steps for cg, lbfgs, tnc); 0 = never", DefaultValueFactory = _ => 0 };
    public Option<string?> WeightColumn { get; } = new("--weight-column") { Description = "A CSV column of per-sample weights (finite, ≥ 0), taken out of the features: the cost becomes Σ wᵢ ℓᵢ / Σ wᵢ (PyTorch's weighted mean), for training and validation; test metrics stay unweighted" };
    public Option<string?> ClassWeight { get; } = new("--class-weight") { Description = "Weights per class, as per-sample weights: balanced (n / (classes · count) on the training part, scikit-learn's) or CLASS=W pairs by class name, e.g. 0=5,1=1 (unnamed classes weigh 1); recorded in model.json as class_weights" };
    public Option<string?> Dropout { get; } = new("--dropout") { Description = "Dropout on the hidden layers while training (inverted: kept units scaled by 1/(1 − p); off when predicting and in exports): one rate for every hidden layer, or one per hidden layer, e.g. 0.2 or 0.2,0.1; first-order optimizers only" };
    public Option<string?> FromCard { get; } = new("--from-card") { Description = "Train again from a model card's recorded options and seed (e.g. model/model.json), on --data; on the same data the weights come out byte-identical. Options of the network and training given here are ignored" };
    public Option<string?> InitFrom { get; } = new("--init-from") { Description = "Warm start: begin from the model in this directory (its network, weights and scaler) and train it on --data, which must have the same features; a classifier's data may hold some of its classes, not others" };
    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue from the checkpoint in this model directory (same options; --epochs may grow)" };

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Data, Label, Task, Samples, Noise, Optimizer, LearningRate, Epochs, BatchSize, Init, Seed,
                     TestSplit, TestData, ValidationSplit, Patience, Tolerance, RestoreBest, EpochCost, Dtype, Scale, Out, Quiet, LogScale, PlotFormat, CheckpointEvery, Resume, Labels, TestLabels,
                     WeightColumn, ClassWeight, Dropout, WeightDecay, LrSchedule, ClipNorm, ClipValue, FromCard, InitFrom })
            command.Add(o);
    }

    /// <summary>The settings; <paramref name="task"/> is the task the data decided (null: --task as given, if at all),
    /// and a regression takes the regression defaults where neither the command line nor the data set chose.</summary>
    public LanguageExt.Either<CliError, TrainSettings> Read(ParseResult r, string? task = null)
    {
        task ??= r.GetValue(Task)?.Trim().ToLowerInvariant();
        var own = DataFiles.DataCatalog.DefaultsFor(r.GetValue(Data)!, task);
        string optimizer = Given(r, Optimizer, own?.Optimizer).Trim().ToLowerInvariant();
        int batchSize = Given(r, BatchSize, Catalog.Optimizer(optimizer).Exists(e => e.FullBatch) ? null : own?.BatchSize);
        double? givenRate = r.GetValue(LearningRate);
        // An optimizer without a rate records 0, so an ignored --lr neither shows in the model card nor splits checkpoint fingerprints.
        double rate = LearningRates.Default(optimizer) is { } usual ? givenRate ?? usual : 0;
        string schedule = r.GetValue(LrSchedule)!.Trim().ToLowerInvariant();
        var s = new TrainSettings(r.GetValue(Data)!, r.GetValue(Label), r.GetValue(Samples), r.GetValue(Noise),
            optimizer, rate, Given(r, Epochs, own?.Epochs), batchSize,
            r.GetValue(Init)!, r.GetValue(Seed), r.GetValue(TestSplit), r.GetValue(TestData), r.GetValue(ValidationSplit),
            r.GetValue(Patience), r.GetValue(Dtype)!.Trim().Equals("float32", StringComparison.OrdinalIgnoreCase), r.GetValue(Scale)!.Trim().ToLowerInvariant(),
            r.GetValue(Out)!, r.GetValue(Quiet), r.GetValue(LogScale), r.GetValue(CheckpointEvery), r.GetValue(Resume),
            r.GetValue(Labels), r.GetValue(TestLabels), r.GetValue(Tolerance), r.GetValue(RestoreBest), r.GetValue(EpochCost)!.Trim().ToLowerInvariant(), task,
            r.GetValue(WeightColumn), r.GetValue(ClassWeight), r.GetValue(Dropout)?.Trim(), r.GetValue(PlotFormat)!.Trim().ToLowerInvariant(),
            r.GetValue(WeightDecay), schedule, r.GetValue(ClipNorm), r.GetValue(ClipValue));
        if (r.GetValue(InitFrom) is { } warmPath)
        {
            if (!IO.ModelFiles.Load(warmPath).MapLeft(e => new CliError(e)).TryRight(out var warm, out var unloadable)) return unloadable;
            s = s with { Warm = warm };
        }
        if (r.GetValue(FromCard) is { } cardPath)
        {
            if (!Recorded(cardPath).TryRight(out var recorded, out var unreadable)) return unreadable;
            s = s.Replaying(recorded.Options, recorded.Card);
        }
        string dtype = r.GetValue(Dtype)!.Trim().ToLowerInvariant();
        string? problem =
            s.TestData is not null && r.GetResult(TestSplit) is { Implicit: false } ? "--test-split and --test-data exclude each other: give one"
            : LabelOption.Problem(s.Label) is not null ? LabelOption.Problem(s.Label)
            : s.Labels is not null && DataFiles.DataCatalog.IsBuiltIn(s.Data) ? $"--labels is for IDX images given as --data, but '{s.Data}' is a built-in data set"
            : s.TestLabels is not null && s.TestData is null ? "--test-labels goes with IDX images given as --test-data, which is missing"
            : s.Task is not (null or "classification" or "regression" or "multilabel") ? $"--task '{s.Task}' is not one of classification, regression, multilabel"
            : Catalog.Optimizer(s.Optimizer).IsNone ? $"--optimizer '{s.Optimizer}' is not one of {Catalog.Names(Catalog.Optimizers)}"
            : ScheduleEntry.Parse(s.LrSchedule).LeftToSeq().FirstOrDefault() is { } spelling ? "--lr-schedule " + spelling.Message
            : givenRate is { } g && (!(g > 0) || double.IsInfinity(g)) ? $"--lr must be a finite number > 0, found {F(g)}"
            : s.Epochs <= 0 ? $"--epochs must be a positive integer, found {s.Epochs}"
            : s.BatchSize < 0 ? $"--batch-size must be ≥ 0 (0 = whole training set), found {s.BatchSize}"
            : Catalog.Initializer(s.Init).IsNone ? $"--init '{s.Init}' is not one of {Catalog.Signatures(Catalog.Initializers)}"
            : s.TestData is null && !(s.TestSplit > 0 && s.TestSplit < 1) ? $"--test-split must be strictly between 0 and 1, found {F(s.TestSplit)}"
            : !(s.ValidationSplit >= 0 && s.ValidationSplit < 1) ? $"--validation-split must be in [0, 1), found {F(s.ValidationSplit)}"
            : s.Patience < 0 ? $"--patience must be ≥ 0, found {s.Patience}"
            : !(s.Tolerance >= 0) || double.IsInfinity(s.Tolerance) ? $"--tol must be a finite number ≥ 0, found {F(s.Tolerance)}"
            : s.EpochCost is not ("exact" or "running-mean") ? $"--epoch-cost '{s.EpochCost}' is not one of running-mean, exact"
            : dtype is not ("float32" or "float64") ? $"--dtype '{dtype}' is not one of float32, float64"
            : s.Scale is not ("none" or "minmax" or "standard") ? $"--scale '{s.Scale}' is not one of none, minmax, standard"
            : s.Out.Trim().Length == 0 ? "--out must name a directory"
            : s.CheckpointEvery < 0 ? $"--checkpoint-every must be ≥ 0, found {s.CheckpointEvery}"
            : s.WeightColumn is { } column && column.Trim().Length == 0 ? "--weight-column must name a CSV column"
            : s.WeightColumn is not null && DataFiles.DataCatalog.IsBuiltIn(s.Data) ? $"--weight-column names a CSV column, but '{s.Data}' is a built-in data set"
            : Weighting.Problem(s) is { } weighting ? weighting
            : s.Dropout is not null && Catalog.Optimizer(s.Optimizer).Exists(e => e.IsMinimizer)
                ? $"--dropout needs a first-order optimizer: {s.Optimizer}'s line searches compare costs of one function, and dropout draws new masks at every evaluation (use L2 via --lambda, or sgd, adam, …)"
            : Plots.Plot.ParseFormat(s.PlotFormat) is null ? $"--plot-format '{s.PlotFormat}' is not one of svg, png"
            : Engine(s);
        return problem is null ? s : new CliError(new Error("options.train", problem));
    }

    // The card --from-card names and the options it records (a card from before options were recorded states them in its fields).
    private static LanguageExt.Either<CliError, (ModelCard Card, MlpOptions Options)> Recorded(string path) =>
        from text in Storage.Files.ReadText(path, "model card")
        from card in ModelCard.Parse(text).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        from options in card.TrainingOptions() is { } o ? LanguageExt.Prelude.Right<CliError, MlpOptions>(o)
            : new CliError(new Error("options.from-card", $"--from-card {path}: the card records no training to repeat"))
        select (card, options);

    // The optimizer's, schedule's and clipping's problems, as the library states them (the network is checked once the data is known).
    private static string? Engine(TrainSettings s)
    {
        var errors = (s.Mlp() with { Dropout = [] }).Validate().FailToSeq();
        return errors.IsEmpty ? null : string.Join("; ", errors.Select(e => Spelled(e.Message)));
    }

    // The library names fields as the options record does; the command line spells them as options.
    private static string Spelled(string message) => message
        .Replace("optimizer adamw has", "--optimizer adamw has", StringComparison.Ordinal).Replace("clip-norm", "--clip-norm", StringComparison.Ordinal)
        .Replace("clip-value", "--clip-value", StringComparison.Ordinal).Replace("schedule ", "--lr-schedule ", StringComparison.Ordinal);

    /// <summary>The option's value when given on the command line, else <paramref name="fallback"/> when there is one, else its general default.</summary>
    internal static T Given<T>(ParseResult r, Option<T> option, T? fallback) where T : notnull =>
        fallback is not null && r.GetResult(option) is not { Implicit: false } ? fallback : r.GetValue(option)!;

    internal static int Given(ParseResult r, Option<int> option, int? fallback) =>
        fallback is { } f && r.GetResult(option) is not { Implicit: false } ? f : r.GetValue(option);

    /// <summary>The warning for a given --lr far from what <paramref name="s"/>'s optimizer usually takes, or null.</summary>
    public string? Warning(ParseResult r, TrainSettings s) => LearningRates.Warning(s.Optimizer, r.GetValue(LearningRate));

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
