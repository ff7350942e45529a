using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace FunctionalNet.Formats;

/// <summary>Which library wrote a model, for provenance.</summary>
/// <param name="Name">Always <c>FunctionalNet</c>.</param>
/// <param name="Version">The library's version when the model was written.</param>
public sealed record LibraryInfo(string Name, string Version);

/// <summary>One layer as the card stores it.</summary>
/// <param name="Units">Width.</param>
/// <param name="Activation">Activation name as <c>Activation.Parse</c> reads it, e.g. <c>sigmoid</c>, <c>elu(2)</c>.</param>
public sealed record LayerCard(int Units, string Activation);

/// <summary>The network's structure: enough to rebuild its <c>Architecture</c>.</summary>
/// <param name="Inputs">Number of input features.</param>
/// <param name="Layers">Hidden layers then the output layer.</param>
/// <param name="Loss">Loss name: <c>bce</c>, <c>ce</c> or <c>mse</c>.</param>
/// <param name="Lambda">L2 strength λ.</param>
public sealed record ArchitectureCard(int Inputs, ImmutableArray<LayerCard> Layers, string Loss, double Lambda);

/// <summary>What is done to raw rows before the network sees them, and how outputs map back to class names or values.</summary>
/// <param name="Features">Feature (column) names in input order; may be empty when the data had no header.</param>
/// <param name="Classes">Class names: output index i (or label i for a single sigmoid output) is <c>Classes[i]</c>; empty for a regression.</param>
/// <param name="Scaler">The fitted scaler, or null when features are used as they are.</param>
/// <param name="LabelColumn">The label column's name in training CSV files, or null for built-in data sets.</param>
/// <param name="Targets">Target (output) names of a regression model, or label names of a multi-label one; empty for classification.</param>
/// <param name="TargetScaler">The scaler fitted on a regression model's targets; outputs are unscaled through its inverse. Null when none.</param>
public sealed record PreprocessingCard(ImmutableArray<string> Features, ImmutableArray<string> Classes, ScalerCard? Scaler, string? LabelColumn,
    ImmutableArray<string> Targets = default, ScalerCard? TargetScaler = null)
{
    /// <summary>
    /// The raw-table preprocessing (imputation, one-hot) that makes <see cref="Features"/> from a table's columns, by
    /// column name; absent from the JSON for a model trained on numeric features, so such cards read as they did.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Data.Preprocessing.TablePreprocessing? Table { get; init; }

    // Absent arrays are written as empty ones, so every card spells out each list.
    internal PreprocessingCard Normalized() => this with
    {
        Features = Features.IsDefault ? [] : Features,
        Classes = Classes.IsDefault ? [] : Classes,
        Targets = Targets.IsDefault ? [] : Targets,
    };
}

/// <summary>Which parameters a model holds and why its training ended.</summary>
/// <param name="Epoch">The epoch the parameters are from (for minimizers: the iteration), or null when not known.</param>
/// <param name="Step">Parameter updates applied up to then, or null when not known.</param>
/// <param name="StopReason">Why training ended, or null when it is not known.</param>
public sealed record SummaryCard(int? Epoch, int? Step, string? StopReason);

/// <summary>How a model was trained: the command-line settings and how the run ended.</summary>
/// <param name="Data">Data set name or file.</param>
/// <param name="Optimizer">Optimizer name.</param>
/// <param name="LearningRate">Learning rate the run used; <c>fnet train</c> records 0 for optimizers that take none (rprop, cg, lbfgs, tnc).</param>
/// <param name="Epochs">Epoch (or iteration) budget.</param>
/// <param name="BatchSize">Mini-batch size; 0 for full batch.</param>
/// <param name="Init">Initializer name.</param>
/// <param name="Seed">Seed of the run's <c>Rng</c>.</param>
/// <param name="TestSplit">Fraction held out for testing.</param>
/// <param name="ValidationSplit">Fraction of the training part held out for early stopping.</param>
/// <param name="Patience">Epochs without improvement before stopping; 0 = never stop early.</param>
/// <param name="EpochsRun">Epochs actually run.</param>
/// <param name="StopReason">Why training ended.</param>
public sealed record TrainingCard(string Data, string Optimizer, double LearningRate, int Epochs, int BatchSize, string Init,
    ulong Seed, double TestSplit, double ValidationSplit, int Patience, int EpochsRun, string StopReason)
{
    /// <summary>
    /// The class weights the cost used, by class name (<c>class_weights</c>); absent from the JSON when training used
    /// none, so cards written before it existed read as they did.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableSortedDictionary<string, double>? ClassWeights { get; init; }

    /// <summary>
    /// The full specification the model was trained from (<c>options</c>): with the card's seed and the same data it
    /// trains the same weights again. Absent from cards written before it existed; <see cref="ModelCard.TrainingOptions"/>
    /// then rebuilds what the older fields say.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public MlpOptions? Options { get; init; }

    /// <summary>
    /// For a run read from a row cache, the chunks whose rows each epoch shuffled together (<c>shuffle_window</c>): the
    /// order, and so the weights, depend on it. Absent for a run on rows in memory, which shuffles them all.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? ShuffleWindow { get; init; }

    /// <summary>The training section of a model fitted by the library from <paramref name="options"/>, on data called <paramref name="data"/>.</summary>
    public static TrainingCard Of(MlpOptions options, string data, int epochsRun, string stopReason)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TrainingCard(data, options.Optimizer.Name, options.LearningRate ?? 0, options.Epochs, options.BatchSize ?? 0, options.Init, options.Seed,
            0, options.ValidationFraction, options.Patience, epochsRun, stopReason) { ClassWeights = options.ClassWeights, Options = options };
    }

    /// <summary>This section with the class weights the cost used, <paramref name="weights"/>[c] for <paramref name="classes"/>[c] (unchanged when <paramref name="weights"/> is default).</summary>
    public TrainingCard WithClassWeights(ImmutableArray<double> weights, ImmutableArray<string> classes) => weights.IsDefault ? this : this with
    {
        ClassWeights = classes.Select((name, c) => (name, c)).ToImmutableSortedDictionary(p => p.name, p => weights[p.c], StringComparer.Ordinal),
    };
}
