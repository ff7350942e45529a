using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A fitted multi-label classifier as one immutable value — scikit-learn's <c>MLPClassifier</c> fitted on a label
/// indicator matrix: each row has K independent binary labels, the network has K sigmoid outputs trained with
/// per-output binary cross-entropy, <see cref="PredictProba"/> gives the K probabilities and <see cref="Predict"/>
/// the 0/1 matrix (a label is on when its probability is at least ½). Every method takes raw, unscaled rows.
/// </summary>
public sealed record MultiLabelClassifier
{
    private MultiLabelClassifier(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ImmutableArray<string> labels,
        ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        Architecture = architecture;
        Weights = weights;
        Scaler = scaler;
        Labels = labels;
        FeatureNames = featureNames.IsDefault ? [] : featureNames;
        Summary = summary;
    }

    /// <summary>The network's structure: K sigmoid outputs with binary cross-entropy.</summary>
    public Architecture Architecture { get; }

    /// <summary>The fitted parameters, float32 or float64.</summary>
    public NetworkWeights Weights { get; }

    /// <summary>The scaler fitted on the training features, applied to every row first; null when none.</summary>
    public ScalerCard? Scaler { get; }

    /// <summary>Label names: output (and indicator column) i is <c>Labels[i]</c>.</summary>
    public ImmutableArray<string> Labels { get; }

    /// <summary>Feature names in input order; empty when the data had none.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>How the parameters were obtained.</summary>
    public TrainingSummary Summary { get; }

    /// <summary>Number of features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>
    /// A multi-label classifier from its parts, checked: sigmoid outputs with binary cross-entropy, the weights fit
    /// the architecture, one distinct label name per output, one feature name per input (or none), a scaler of the input width.
    /// </summary>
    public static Either<Error, MultiLabelClassifier> Create(Architecture architecture, NetworkWeights weights, ScalerCard? scaler,
        ImmutableArray<string> labels, ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        if (FittedChecks.Inputs(architecture, weights, scaler, featureNames, summary) is { } problem) return problem;
        if (OutputProblem(architecture.Output.Activation, architecture.Loss) is { } output) return new Error("model.output", output);
        if (FittedChecks.Names(labels, architecture.Outputs, "label", optional: false) is { } bad) return bad;
        return new MultiLabelClassifier(architecture, weights, scaler, labels, featureNames, summary);
    }

    /// <summary>Null when <paramref name="output"/> and <paramref name="loss"/> are what a multi-label network trains (sigmoid, bce), else why not.</summary>
    public static string? OutputProblem(Activation output, Loss loss) => output is Sigmoid && loss is BinaryCrossEntropy ? null
        : $"a multi-label classifier has sigmoid outputs with binary cross-entropy (bce), found output {output?.Name} with loss {loss?.Name}";

    /// <summary>
    /// Fits a multi-label classifier to the raw rows of <paramref name="train"/> (a <see cref="Dataset.MultiLabel"/> set)
    /// in one call, as <see cref="Classifier.Fit(Dataset, MlpOptions?, Classifier?, FitControls?)"/> does a classifier: options validated, a validation part held out
    /// when asked (at random), the scaler fitted on the training rows and kept inside the model. The output defaults to
    /// sigmoid (the loss then to bce); any other output or loss is an error. With <paramref name="warmStart"/> the fit
    /// continues from that model on new data with the same features and labels (matched by name).
    /// </summary>
    /// <param name="train">Raw features with a 0/1 indicator column per label.</param>
    /// <param name="options">What to build and how to train; <see cref="MlpOptions.Default"/> with sigmoid outputs when null.</param>
    /// <param name="warmStart">A fitted multi-label classifier to continue from, or null.</param>
    /// <param name="controls">Cancellation, threads and progress; none when null.</param>
    public static Validation<Error, MultiLabelClassifier> Fit(Dataset train, MlpOptions? options = null, MultiLabelClassifier? warmStart = null, FitControls? controls = null) =>
        Planning.Fit(options ?? MlpOptions.Default, controls, (o, c) => Plan<double>(train, o, warmStart, c), (o, c) => Plan<float>(train, o, warmStart, c));

    /// <summary>The fit <see cref="Fit"/> runs, laid out without training (see <see cref="FitPlan{T, TModel}"/>).</summary>
    public static Validation<Error, FitPlan<T, MultiLabelClassifier>> Plan<T>(Dataset train, MlpOptions? options = null, MultiLabelClassifier? warmStart = null,
        FitControls? controls = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Targets is not ValueTargets { IsMultiLabel: true } targets)
            return Fail<FitPlan<T, MultiLabelClassifier>>("fit.task", $"a multi-label classifier is fitted on 0/1 label indicators (Dataset.MultiLabel), found {train.Targets.GetType().Name}");
        var o = Sigmoid(options ?? MlpOptions.Default);
        return
            from valid in o.Validate()
            from _ in OutputsOf(valid)
            from data in warmStart is null ? Prelude.Success<Error, Dataset>(train) : warmStart.Aligned(train, targets)
            let names = warmStart?.Labels ?? targets.Names
            from plan in Planning.Create<T, MultiLabelClassifier>(data, valid, controls ?? FitControls.None,
                warmStart is null ? null : new WarmStart(warmStart.Architecture, warmStart.Weights, warmStart.Scaler, null),
                names.Length,
                (p, kept, last) =>
                    from weights in Planning.Weights(p.Options, kept)
                    from model in Create(p.Architecture, weights, p.Scaler, names, train.GivenFeatureNames, Planning.Summary(p, kept, last, []))
                    select model)
            select plan;
    }

    // Unless told otherwise the outputs are sigmoid (MlpOptions' own default is a classifier's softmax).
    private static MlpOptions Sigmoid(MlpOptions o) => o.Output is null ? o with { Output = "sigmoid" } : o;

    private static Validation<Error, Unit> OutputsOf(MlpOptions o)
    {
        var output = Catalog.Activation(o.Output ?? "sigmoid").IfNone(Activation.Identity);
        var loss = o.Loss is { } l ? Catalog.Loss(l).IfNone(Loss.SquaredError) : Catalog.DefaultLoss(output);
        return OutputProblem(output, loss) is { } problem ? Fail<Unit>("fit.output", "fit: " + problem) : Prelude.Success<Error, Unit>(Unit.Default);
    }

    // New data for this model: its features' width, and its indicator columns in this model's label order.
    private Validation<Error, Dataset> Aligned(Dataset train, ValueTargets targets)
    {
        if (train.FeatureCount != Inputs)
            return Fail<Dataset>("fit.features", $"fit: the model takes {Inputs} features, the data has {train.FeatureCount}");
        if (targets.Names.Length != Labels.Length || Labels.Any(l => !targets.Names.Contains(l)))
            return Fail<Dataset>("fit.labels", $"fit: the model has labels {string.Join(", ", Labels)}, the data has {string.Join(", ", targets.Names)}");
        int[] columns = [.. Labels.Select(l => targets.Names.IndexOf(l))];
        var values = new double[targets.Count * columns.Length];
        for (int r = 0; r < targets.Count; r++)
            for (int c = 0; c < columns.Length; c++) values[r * columns.Length + c] = targets.Values[r, columns[c]];
        return Prelude.Success<Error, Dataset>(new Dataset(train.Features, new ValueTargets(Matrix<double>.Create(targets.Count, columns.Length, values), Labels, true),
            train.GivenFeatureNames).WithWeights(train.Weights));
    }

    private static Validation<Error, TValue> Fail<TValue>(string code, string message) => Prelude.Fail<Error, TValue>(new Error(code, message));

    /// <summary>[m × labels] probabilities that each label is on (scikit-learn's <c>predict_proba</c> for a multi-label MLPClassifier).</summary>
    public Matrix<double> PredictProba(Matrix<double> features)
    {
        FittedChecks.Rows(features, Inputs, FeatureNames);
        return Weights.Outputs(Architecture, Scaler?.Apply(features) ?? features);
    }

    /// <summary>[m × labels] 0/1 predictions: 1 where the label's probability is at least ½ (scikit-learn's <c>predict</c>).</summary>
    public Matrix<double> Predict(Matrix<double> features) => Thresholded(PredictProba(features));

    /// <summary>The indicator matrix of <paramref name="probabilities"/>: 1 where a value is at least ½, else 0.</summary>
    public static Matrix<double> Thresholded(Matrix<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var source = probabilities.Span;
        var on = new double[source.Length];
        for (int i = 0; i < on.Length; i++) on[i] = source[i] >= 0.5 ? 1 : 0;
        return Matrix<double>.Create(probabilities.Rows, probabilities.Cols, on);
    }

    /// <summary>Subset accuracy on raw rows against their 0/1 <paramref name="indicators"/> (scikit-learn's <c>score</c> for multi-label data).</summary>
    public double Score(Matrix<double> features, Matrix<double> indicators) => MultiLabelMetrics.SubsetAccuracy(indicators, Predict(features));

    /// <summary>Subset accuracy on a raw multi-label data set whose label columns are this model's, in order.</summary>
    public double Score(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Targets is not ValueTargets { IsMultiLabel: true } targets || !targets.Names.SequenceEqual(Labels))
            throw new ArgumentException($"expected a multi-label data set with the labels {string.Join(", ", Labels)}", nameof(data));
        return Score(data.Features, targets.Values);
    }
}
