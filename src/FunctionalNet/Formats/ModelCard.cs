using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// The JSON document (<c>model.json</c>) stored beside a model's weights: architecture, precision, preprocessing,
/// training settings, final metrics and the library version. With the safetensors file it is the whole model.
/// </summary>
/// <param name="Format">Schema identifier, <see cref="CurrentFormat"/>.</param>
/// <param name="Library">The library that wrote the card.</param>
/// <param name="Architecture">The network's structure.</param>
/// <param name="Dtype"><c>float32</c> or <c>float64</c>: the weights' precision and the precision used to predict.</param>
/// <param name="Weights">File name of the weights, relative to the card.</param>
/// <param name="WeightsSha256">Lower-case hex SHA-256 of the weights file, so a card never pairs with other weights.</param>
/// <param name="Preprocessing">Scaler and class names.</param>
/// <param name="Training">How the model was trained, or null.</param>
/// <param name="Metrics">Final metrics by name (e.g. <c>test_accuracy</c>), all finite.</param>
/// <param name="Task"><c>classification</c>, <c>regression</c> or <c>multilabel</c>; cards written before the field existed are classification.</param>
/// <param name="Summary">Which epoch the parameters are from and why training stopped, or null when unknown.</param>
public sealed record ModelCard(string Format, LibraryInfo Library, ArchitectureCard Architecture, string Dtype, string Weights, string WeightsSha256,
    PreprocessingCard Preprocessing, TrainingCard? Training, ImmutableSortedDictionary<string, double> Metrics,
    string? Task = null, SummaryCard? Summary = null)
{
    /// <summary>The <see cref="Task"/> of a classifier.</summary>
    public const string Classification = "classification";

    /// <summary>The <see cref="Task"/> of a regressor.</summary>
    public const string Regression = "regression";

    /// <summary>The <see cref="Task"/> of a multi-label classifier: sigmoid outputs, one per label, named by <see cref="PreprocessingCard.Targets"/>.</summary>
    public const string MultiLabel = "multilabel";

    /// <summary>
    /// A classifier's calibration and decision threshold (<c>decision</c>); absent from the JSON when it has neither,
    /// so cards written before it existed read as they did.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DecisionCard? Decision { get; init; }

    /// <summary>The task, with the default for cards that predate the field.</summary>
    [JsonIgnore]
    public string TaskOrDefault => Task ?? Classification;

    /// <summary>True when the outputs are predicted values, not class scores.</summary>
    [JsonIgnore]
    public bool IsRegression => TaskOrDefault == Regression;

    /// <summary>True when the outputs are independent label probabilities (a multi-label classifier).</summary>
    [JsonIgnore]
    public bool IsMultiLabel => TaskOrDefault == MultiLabel;

    /// <summary>The schema this version writes and reads.</summary>
    public const string CurrentFormat = "functionalnet.model/1";

    /// <summary>This library's name and version, for new cards.</summary>
    public static LibraryInfo ThisLibrary { get; } =
        new("FunctionalNet", typeof(ModelCard).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The card's structure for <paramref name="architecture"/>.</summary>
    public static ArchitectureCard Describe(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return new ArchitectureCard(architecture.Inputs,
            [.. architecture.Layers.Select(l => new LayerCard(l.Units, l.Activation.Name))], architecture.Loss.Name, architecture.Lambda);
    }

    /// <summary>
    /// How to train this model again: the recorded <see cref="TrainingCard.Options"/>, or for a card written before
    /// they existed, the options its architecture and training fields state (the rest at the values <c>fnet train</c>
    /// used then: running-mean epoch costs, tolerance 10⁻⁴); null when the card records no training.
    /// </summary>
    public MlpOptions? TrainingOptions()
    {
        if (Training is not { } t) return null;
        if (t.Options is { } recorded) return recorded;
        var hidden = Architecture.Layers.IsDefaultOrEmpty ? [] : Architecture.Layers[..^1];
        var optimizer = new ComponentSpec(t.Optimizer);
        if (t.LearningRate > 0) optimizer = optimizer.With(Catalog.LearningRate, t.LearningRate);
        return new MlpOptions
        {
            Layers = [.. hidden.Select(l => l.Units)],
            Activations = hidden.IsEmpty ? ["relu"] : [.. hidden.Select(l => l.Activation).Distinct().Count() == 1 ? [hidden[0].Activation] : hidden.Select(l => l.Activation)],
            Output = Architecture.Layers.IsDefaultOrEmpty ? null : Architecture.Layers[^1].Activation,
            Loss = Architecture.Loss, L2 = Architecture.Lambda, Optimizer = optimizer,
            // An old sgd card with batch size 0 trained one sample per step, drawn with replacement.
            BatchSize = t.Optimizer == "sgd" && t.BatchSize == 0 ? null : t.BatchSize, WithReplacement = t.Optimizer == "sgd" && t.BatchSize == 0,
            Epochs = t.Epochs, Patience = t.Patience, ValidationFraction = t.ValidationSplit, Dtype = Dtype, Seed = t.Seed, Init = t.Init,
            ClassWeights = t.ClassWeights, EpochCost = "running-mean",
            Scaler = Preprocessing.Scaler is { } s ? (s.Kind.Contains("min", StringComparison.Ordinal) ? "minmax" : "standard") : "none",
        };
    }

    /// <summary>Indented JSON (snake_case keys).</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Preprocessing = Preprocessing.Normalized() }, CardJsonContext.Default.ModelCard);

    /// <summary>Reads and checks a card: well-formed JSON of this schema, a valid architecture, consistent preprocessing.</summary>
    public static Either<Error, ModelCard> Parse(string json)
    {
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize(json, CardJsonContext.Default.ModelCard);
        }
        catch (JsonException e)
        {
            return new Error("card.json", $"model card: {OneLine(JsonProblem.Describe(e))}");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // Text the serializer cannot map at all (e.g. a value of the wrong kind deep in a collection) is bad input too.
            return new Error("card.json", $"model card: {OneLine(e.Message)}");
        }
        if (card is null) return new Error("card.json", "model card: the document is null");
        if (card.Task is not (null or Classification or Regression or MultiLabel))
            return new Error("card.task", $"model card: task is '{card.Task}', expected {Classification}, {Regression} or {MultiLabel}");
        if (card.Format != CurrentFormat)
            return new Error("card.format", $"model card: format is '{card.Format}', expected '{CurrentFormat}'");
        if (card.Dtype is not ("float32" or "float64"))
            return new Error("card.dtype", $"model card: dtype is '{card.Dtype}', expected float32 or float64");
        if (card.Weights.Length == 0 || card.Weights != Path.GetFileName(card.Weights) || card.Weights is "." or "..")
            return new Error("card.weights", $"model card: weights must be a file name beside the card, found '{card.Weights}'");
        if (card.WeightsSha256.Length != 64 || !card.WeightsSha256.All(char.IsAsciiHexDigitLower))
            return new Error("card.weights", $"model card: weights_sha256 must be 64 lower-case hex digits, found '{card.WeightsSha256}'");
        if (!card.ToArchitecture().TryGet(out var architecture, out var bad)) return bad;
        return (card.CheckPreprocessing(architecture) ?? card.Decision?.Problem(architecture, architecture.Outputs == 1 ? 2 : architecture.Outputs, card.TaskOrDefault)) is { } problem
            ? problem : card;
    }

    // The serializer quotes a bad literal with everything up to the next delimiter, which in a damaged card can be
    // many lines: the error stays one line of bounded length.
    private static string OneLine(string message)
    {
        string flat = string.Join(' ', message.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 300 ? flat : flat[..150] + " … " + flat[^140..];
    }

    /// <summary>The stored architecture, rebuilt and validated.</summary>
    public Either<Error, Architecture> ToArchitecture()
    {
        var a = Architecture;
        if (a.Layers.IsDefaultOrEmpty) return new Error("card.architecture", "model card: architecture.layers is empty");
        var layers = new List<Layer>();
        foreach (var (layer, k) in a.Layers.Select((l, k) => (l, k)))
        {
            // JSON null inside an array is not covered by the serializer's nullable checks.
            if (layer is null) return new Error("card.architecture", $"model card: architecture.layers[{k}] is null, expected a layer");
            if (Activation.Parse(layer.Activation) is not { } activation)
                return new Error("card.activation", $"model card: architecture.layers[{k}].activation '{layer.Activation}' is not a known activation");
            layers.Add(new Layer(layer.Units, activation));
        }
        if (Loss.Parse(a.Loss) is not { } loss)
            return new Error("card.loss", $"model card: architecture.loss '{a.Loss}' is not bce, ce or mse");
        // Widths from a file can ask for more parameters than an array holds; Create refuses them before any layout.
        return Model.Architecture.Create(a.Inputs, layers, loss, a.Lambda).Match(
            Succ: arch => (Either<Error, Architecture>)arch,
            Fail: errors => new Error("card.architecture", "model card: " + string.Join("; ", errors.Select(e => e.Message))));
    }

    private Error? CheckPreprocessing(Architecture architecture)
    {
        var p = Preprocessing;
        int n = architecture.Inputs;
        if ((!p.Features.IsDefault && p.Features.Contains(null!)) || (!p.Classes.IsDefault && p.Classes.Contains(null!)))
            return new Error("card.preprocessing", "model card: preprocessing.features and .classes must hold strings, found null");
        if (!p.Features.IsDefaultOrEmpty && p.Features.Length != n)
            return new Error("card.features", $"model card: {p.Features.Length} feature names for a network with {n} inputs");
        int classes = architecture.Outputs == 1 ? 2 : architecture.Outputs;
        if (!p.Classes.IsDefaultOrEmpty && architecture.Loss is not SquaredError && p.Classes.Length != classes)
            return new Error("card.classes", $"model card: {p.Classes.Length} class names for a network with {architecture.Outputs} output(s), expected {classes}");
        if (TaskOrDefault is Regression or MultiLabel && !p.Classes.IsDefaultOrEmpty)
            return new Error("card.classes", $"model card: a {TaskOrDefault} model has no class names, found some in preprocessing.classes");
        if (IsMultiLabel && p.TargetScaler is not null)
            return new Error("card.target-scaler", "model card: a multilabel model has no target scaler");
        if (IsMultiLabel && MultiLabelClassifier.OutputProblem(architecture.Output.Activation, architecture.Loss) is { } output)
            return new Error("card.architecture", "model card: " + output);
        if (TaskOrDefault == Classification && (!p.Targets.IsDefaultOrEmpty || p.TargetScaler is not null))
            return new Error("card.targets", "model card: a classification model has no target names or target scaler");
        if ((!p.Targets.IsDefault && p.Targets.Contains(null!)))
            return new Error("card.preprocessing", "model card: preprocessing.targets must hold strings, found null");
        if (TaskOrDefault is Regression or MultiLabel ? Len(p.Targets) != architecture.Outputs : !p.Targets.IsDefaultOrEmpty && p.Targets.Length != architecture.Outputs)
            return new Error("card.targets", $"model card: {p.Targets.Length} target names for a network with {architecture.Outputs} output(s)");
        if (p.TargetScaler is { } t && (t.Offset.IsDefault || t.Scale.IsDefault || t.Offset.Length != architecture.Outputs || t.Scale.Length != architecture.Outputs
                || t.Scale.Any(v => !double.IsFinite(v) || v == 0) || t.Offset.Any(v => !double.IsFinite(v))))
            return new Error("card.target-scaler", $"model card: the target scaler needs {architecture.Outputs} finite offsets and {architecture.Outputs} finite non-zero scales");
        if (p.Table is { } table && table.Check(n) is { } tableProblem) return tableProblem;
        if (p.Scaler is { } s)
        {
            if (s.Offset.IsDefault || s.Scale.IsDefault || s.Offset.Length != n || s.Scale.Length != n)
                return new Error("card.scaler", $"model card: the scaler needs {n} offsets and {n} scales, found {Len(s.Offset)} and {Len(s.Scale)}");
            int bad = Enumerable.Range(0, n).FirstOrDefault(i => !double.IsFinite(s.Scale[i]) || s.Scale[i] == 0, -1);
            if (bad >= 0)
                return new Error("card.scaler", $"model card: scaler scale[{bad}] is {s.Scale[bad].ToString(CultureInfo.InvariantCulture)}, expected a finite non-zero number");
            if (s.Offset.Any(v => !double.IsFinite(v)))
                return new Error("card.scaler", "model card: scaler offsets must be finite");
        }
        return null;
    }

    private static int Len<TItem>(ImmutableArray<TItem> a) => a.IsDefault ? 0 : a.Length;
}
