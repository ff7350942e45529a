using System.Collections.Immutable;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// A fitted classifier as one immutable value — scikit-learn's estimator contract in functional form: everything
/// <see cref="Predict(Matrix{double})"/>, <see cref="PredictProba(Matrix{double})"/> and <see cref="Score(Matrix{double}, IReadOnlyList{string})"/>
/// need (architecture, parameters in their own precision, the fitted scaler, class and feature names) and how it was
/// trained. Every method takes raw, unscaled rows and is pure.
/// </summary>
public sealed partial record Classifier
{
    private Classifier(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ImmutableArray<string> classes,
        ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        Architecture = architecture;
        Weights = weights;
        Scaler = scaler;
        Classes = classes;
        FeatureNames = featureNames.IsDefault ? [] : featureNames;
        Summary = summary;
    }

    /// <summary>The network's structure.</summary>
    public Architecture Architecture { get; }

    /// <summary>The fitted parameters, float32 or float64.</summary>
    public NetworkWeights Weights { get; }

    /// <summary>The scaler fitted on the training features, applied to every row first; null when none.</summary>
    public ScalerCard? Scaler { get; }

    /// <summary>Class names: output i (or, for one sigmoid output, label i) is <c>Classes[i]</c> (scikit-learn's <c>classes_</c>).</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>Feature names in input order (scikit-learn's <c>feature_names_in_</c>); empty when the data had none.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>How the parameters were obtained.</summary>
    public TrainingSummary Summary { get; private init; }

    /// <summary>This model with <paramref name="summary"/> as how it was obtained (a shell adds its own metrics and the data's name).</summary>
    public Classifier WithSummary(TrainingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // A copy of every other part (preprocessing, calibration, threshold): a new one would drop what it does not name.
        return this with { Summary = summary };
    }

    /// <summary>Number of features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>
    /// A classifier from its parts, checked: the weights fit the architecture, one class name per output (two for a
    /// single output), distinct names, one feature name per input (or none) and a scaler of the input width.
    /// </summary>
    public static Either<Error, Classifier> Create(Architecture architecture, NetworkWeights weights, ScalerCard? scaler,
        ImmutableArray<string> classes, ImmutableArray<string> featureNames, TrainingSummary summary)
    {
        if (FittedChecks.Inputs(architecture, weights, scaler, featureNames, summary) is { } problem) return problem;
        int expected = architecture.Outputs == 1 ? 2 : architecture.Outputs;
        if (FittedChecks.Names(classes, expected, "class", optional: false) is { } bad) return bad;
        return new Classifier(architecture, weights, scaler, classes, featureNames, summary);
    }

    /// <summary>
    /// The classifier a training run produced, in one call after <c>Train.Fit</c> or <c>Train.Minimize</c>:
    /// <paramref name="iterate"/>'s parameters (usually the trace's last, or its restored best), the class and
    /// feature names of the raw <paramref name="training"/> set, and the <paramref name="scaler"/> fitted on it.
    /// </summary>
    public static Either<Error, Classifier> From<T>(TrainingIterate<T> iterate, Architecture architecture, Dataset training, IFeatureTransform? scaler = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(iterate);
        ArgumentNullException.ThrowIfNull(training);
        if (training.Targets is not ClassTargets targets)
            return new Error("model.task", $"a classifier is fitted on class labels, found {training.Targets.GetType().Name}");
        return
            from weights in NetworkWeights.Of(iterate.Parameters)
            from classifier in Create(architecture, weights, scaler is null ? null : ScalerCard.From(scaler), Named(targets.ClassNames, architecture),
                training.GivenFeatureNames, TrainingSummary.Of(iterate))
            select classifier;
    }

    /// <summary>
    /// Fits a classifier to the raw rows of <paramref name="train"/> in one call: the options validated (every problem
    /// listed), a validation part held out when asked, the scaler fitted on the training rows and kept inside the
    /// model, the network trained by the engine, and the best or last epoch kept. With <paramref name="warmStart"/>
    /// the fit continues from that model's parameters on new data (a fresh early-stopping record): its network and
    /// scaler are kept, the data's classes are matched to the model's by name (a subset is fine; a class it does not
    /// know is an error), and the options give the training (optimizer, epochs, batches…).
    /// </summary>
    /// <param name="train">Raw features with class labels.</param>
    /// <param name="options">What to build and how to train; <see cref="MlpOptions.Default"/> (scikit-learn's MLPClassifier) when null.</param>
    /// <param name="warmStart">A fitted classifier to continue from, or null.</param>
    /// <param name="controls">Cancellation, threads and progress; none when null.</param>
    public static Validation<Error, Classifier> Fit(Dataset train, MlpOptions? options = null, Classifier? warmStart = null, FitControls? controls = null) =>
        Planning.Fit(options ?? MlpOptions.Default, controls, (o, c) => Plan<double>(train, o, warmStart, c), (o, c) => Plan<float>(train, o, warmStart, c));

    /// <summary>
    /// The fit <see cref="Fit(Dataset, MlpOptions?, Classifier?, FitControls?)"/> runs, laid out without training: prepared batches, architecture, the lazy trace and
    /// the function from an iterate to the classifier. <typeparamref name="T"/> is float for a float32 first-order fit,
    /// double otherwise.
    /// </summary>
    public static Validation<Error, FitPlan<T, Classifier>> Plan<T>(Dataset train, MlpOptions? options = null, Classifier? warmStart = null, FitControls? controls = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Targets is not ClassTargets targets)
            return Prelude.Fail<Error, FitPlan<T, Classifier>>(new Error("fit.task", $"a classifier is fitted on class labels, found {train.Targets.GetType().Name}"));
        var o = options ?? MlpOptions.Default;
        return
            from valid in o.Validate()
            from data in warmStart is null ? FreshClasses(train, targets) : warmStart.Aligned(train, targets)
            from plan in Planning.Create<T, Classifier>(data, valid, controls ?? FitControls.None,
                warmStart is null ? null : new WarmStart(warmStart.Architecture, warmStart.Weights, warmStart.Scaler, null),
                warmStart?.Architecture.Outputs ?? targets.ClassCount,
                (p, kept, last) =>
                    from weights in Planning.Weights(p.Options, kept)
                    from classifier in Create(p.Architecture, weights, p.Scaler, Named(data.Classes.ClassNames, p.Architecture), train.GivenFeatureNames,
                        Planning.Summary(p, kept, last, data.Classes.ClassNames))
                    select classifier)
            select plan;
    }

    private static Validation<Error, Dataset> FreshClasses(Dataset train, ClassTargets targets) => targets.ClassCount >= 2
        ? Prelude.Success<Error, Dataset>(train)
        : Prelude.Fail<Error, Dataset>(new Error("fit.classes", $"fit: the data has {targets.ClassCount} class{(targets.ClassCount == 1 ? $" '{targets.ClassNames[0]}'" : "es")}; classification needs at least 2"));

    // New data for this model: its features' width, and its labels renumbered by this model's classes.
    private Validation<Error, Dataset> Aligned(Dataset train, ClassTargets targets)
    {
        if (train.FeatureCount != Inputs)
            return Prelude.Fail<Error, Dataset>(new Error("fit.features", $"fit: the model takes {Inputs} features, the data has {train.FeatureCount}"));
        var unknown = targets.ClassNames.Where(n => !Classes.Contains(n)).ToList();
        if (unknown.Count > 0)
            return Prelude.Fail<Error, Dataset>(new Error("fit.classes",
                $"fit: the data has class{(unknown.Count == 1 ? "" : "es")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} that the model does not know; it knows {string.Join(", ", Classes)}"));
        var map = targets.ClassNames.Select(n => Classes.IndexOf(n)).ToArray();
        return Prelude.Success<Error, Dataset>(new Dataset(train.Features, new ClassTargets([.. targets.Labels.Select(l => map[l])], Classes), train.GivenFeatureNames)
            .WithWeights(train.Weights));
    }

    // A single sigmoid output still has two classes; a data set with one class name more than outputs is the usual case.
    private static ImmutableArray<string> Named(ImmutableArray<string> classes, Architecture architecture) =>
        architecture.Outputs == 1 && classes.Length == 1 ? [.. classes, "1"] : classes;

    /// <summary>Output activations of the raw rows (class probabilities for softmax and sigmoid outputs, calibrated when the model has a <see cref="Calibration"/>).</summary>
    public Matrix<double> Outputs(Matrix<double> features)
    {
        FittedChecks.Rows(features, Inputs, FeatureNames);
        var outputs = Weights.Outputs(Scoring, Scaler?.Apply(features) ?? features);
        return Calibration is { } c ? c.Apply(outputs) : outputs;
    }

    /// <summary>
    /// The raw-table preprocessing (imputation, one-hot) fitted with the model, or null for a model of numeric
    /// features; the <c>Table</c> overloads of <see cref="Predict(Table)"/> and <see cref="PredictProba(Table)"/> apply it.
    /// </summary>
    public TablePreprocessing? Preprocessing { get; private init; }

    /// <summary>This classifier with <paramref name="preprocessing"/> in front, checked: it must make <see cref="Inputs"/> features.</summary>
    public Either<Error, Classifier> WithPreprocessing(TablePreprocessing? preprocessing) =>
        preprocessing?.Check(Inputs) is { } problem ? problem : this with { Preprocessing = preprocessing };

    /// <summary>
    /// Fits a classifier to a raw table in one call: <paramref name="label"/>'s column gives the classes, the
    /// preprocessing (<paramref name="table"/>: imputation, one-hot) is fitted on the other columns of these rows only
    /// and kept inside the model, then the network is fitted as <see cref="Fit(Dataset, MlpOptions?, Classifier?, FitControls?)"/> does.
    /// </summary>
    public static Validation<Error, Classifier> Fit(Table train, string label, MlpOptions? options = null, TablePreprocessingOptions? table = null, FitControls? controls = null) =>
        from split in TableLabels.Classes(train, label)
        from preprocessing in TablePreprocessing.Fit(split.Features, table)
        from features in preprocessing.Transform(split.Features)
        from classifier in Fit(new Dataset(features, split.Targets, preprocessing.FeatureNames), options, null, controls)
        select classifier with { Preprocessing = preprocessing };

    /// <summary>The predicted class names of a raw table's rows (gaps filled, categories encoded by the model's preprocessing).</summary>
    public Validation<Error, ImmutableArray<string>> Predict(Table rows) => Features(rows).Map(Predict);

    /// <summary>Class probabilities of a raw table's rows, as <see cref="PredictProba(Matrix{double})"/>.</summary>
    public Validation<Error, Matrix<double>> PredictProba(Table rows) => Features(rows).Map(PredictProba);

    private Validation<Error, Matrix<double>> Features(Table rows) => Preprocessing is { } p
        ? p.Transform(rows)
        : Prelude.Fail<Error, Matrix<double>>(new Error("model.table", "the model was fitted on numeric features, not a table; pass a matrix"));

    /// <summary>The index into <see cref="Classes"/> of each row's predicted class (by the <see cref="Threshold"/> when there is one).</summary>
    public int[] PredictIndices(Matrix<double> features) => Decide(Outputs(features));

    /// <summary>The predicted class name of each row (scikit-learn's <c>predict</c>).</summary>
    public ImmutableArray<string> Predict(Matrix<double> features) => [.. PredictIndices(features).Select(i => Classes[i])];

    /// <summary>
    /// [m × classes] class probabilities (scikit-learn's <c>predict_proba</c>): the softmax outputs, or
    /// [1 − p, p] for a single sigmoid output, calibrated when the model has a <see cref="Calibration"/>. Other output activations give their outputs as they are.
    /// </summary>
    public Matrix<double> PredictProba(Matrix<double> features)
    {
        var outputs = Outputs(features);
        if (outputs.Cols != 1) return outputs;
        var two = new double[outputs.Rows * 2];
        for (int r = 0; r < outputs.Rows; r++)
        {
            two[2 * r] = 1 - outputs[r, 0];
            two[2 * r + 1] = outputs[r, 0];
        }
        return Matrix<double>.Create(outputs.Rows, 2, two);
    }

    /// <summary>Accuracy on raw rows with their true class names (scikit-learn's <c>score</c>); a name the model does not know counts as wrong.</summary>
    public double Score(Matrix<double> features, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != features?.Rows)
            throw new ArgumentException($"expected {features?.Rows} labels, found {labels.Count}", nameof(labels));
        if (labels.Count == 0) throw new ArgumentException("cannot score no rows", nameof(labels));
        var predicted = Predict(features);
        return (double)predicted.Zip(labels, (p, y) => string.Equals(p, y, StringComparison.Ordinal)).Count(same => same) / labels.Count;
    }

    /// <summary>Accuracy on a raw classification data set, matching its classes to this model's by name.</summary>
    public double Score(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var names = data.Classes.ClassNames;
        return Score(data.Features, [.. data.Labels.Select(l => names[l])]);
    }

    /// <summary>True when the outputs are probabilities (softmax, or one sigmoid unit).</summary>
    public bool HasProbabilities => GivesProbabilities(Architecture);

    /// <summary>True when a network of <paramref name="architecture"/> outputs class probabilities (softmax, or one sigmoid unit).</summary>
    public static bool GivesProbabilities(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture.Output.Activation is Softmax || (architecture.Outputs == 1 && architecture.Output.Activation is Sigmoid);
    }
}
