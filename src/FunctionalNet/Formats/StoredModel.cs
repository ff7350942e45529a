using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// A model directory decoded and checked, whatever its task: the card, the architecture it describes and weights
/// that match both. <see cref="ToClassifier"/>, <see cref="ToRegressor"/> and <see cref="ToMultiLabel"/> give the estimator.
/// </summary>
/// <param name="Card">The model card.</param>
/// <param name="Architecture">The card's architecture, validated.</param>
/// <param name="Weights">Parameters in the card's precision.</param>
public sealed record StoredModel(ModelCard Card, Architecture Architecture, NetworkWeights Weights)
{
    /// <summary>Number of raw features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>Class names by output index; numbered when an old card stored none.</summary>
    public ImmutableArray<string> Classes =>
        Card.Preprocessing.Classes.IsDefaultOrEmpty
            ? [.. Enumerable.Range(0, Math.Max(2, Architecture.Outputs)).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : Card.Preprocessing.Classes;

    /// <summary>Target names by output index; <c>y0</c>, <c>y1</c>, … when the card stored none.</summary>
    public ImmutableArray<string> Targets =>
        Card.Preprocessing.Targets.IsDefaultOrEmpty
            ? [.. Enumerable.Range(0, Architecture.Outputs).Select(i => "y" + i.ToString(CultureInfo.InvariantCulture))]
            : Card.Preprocessing.Targets;

    /// <summary>What the card records about training.</summary>
    public TrainingSummary Summary => new(Card.Summary?.Epoch, Card.Summary?.Step, Card.Summary?.StopReason ?? Card.Training?.StopReason,
        Card.Metrics ?? ImmutableSortedDictionary<string, double>.Empty) { Training = Card.Training };

    /// <summary>The classifier the directory holds; an error when it holds a regressor.</summary>
    public Either<Error, Classifier> ToClassifier() =>
        Card.TaskOrDefault != ModelCard.Classification
            ? new Error("model.task", $"the model is a {Card.TaskOrDefault} model, not a classifier")
            : Classifier.Create(Architecture, Weights, Card.Preprocessing.Scaler, Classes, Card.Preprocessing.Features, Summary)
                .Bind(c => c.WithPreprocessing(Card.Preprocessing.Table))
                .Bind(c => Card.Decision?.Apply(c) ?? c);

    /// <summary>The estimator the directory holds, as its card's task says (a classifier for cards that predate the field), with its card.</summary>
    public Either<Error, SavedEstimator> ToEstimator() =>
        Card.IsRegression ? ToRegressor().Map(r => (SavedEstimator)new SavedEstimator.OfRegressor(Card, r))
        : Card.IsMultiLabel ? ToMultiLabel().Map(m => (SavedEstimator)new SavedEstimator.OfMultiLabel(Card, m))
        : ToClassifier().Map(c => (SavedEstimator)new SavedEstimator.OfClassifier(Card, c));

    /// <summary>The multi-label classifier the directory holds; an error when it holds another kind of model.</summary>
    public Either<Error, MultiLabelClassifier> ToMultiLabel() =>
        !Card.IsMultiLabel
            ? new Error("model.task", $"the model is a {Card.TaskOrDefault} model, not a multi-label classifier")
            : MultiLabelClassifier.Create(Architecture, Weights, Card.Preprocessing.Scaler, Targets, Card.Preprocessing.Features, Summary);

    /// <summary>The regressor the directory holds; an error when it holds a classifier.</summary>
    public Either<Error, Regressor> ToRegressor() =>
        Card.TaskOrDefault != ModelCard.Regression
            ? new Error("model.task", $"the model is a {Card.TaskOrDefault} model, not a regressor")
            : Regressor.Create(Architecture, Weights, Card.Preprocessing.Scaler, Card.Preprocessing.TargetScaler, Targets, Card.Preprocessing.Features, Summary)
                .Bind(r => r.WithPreprocessing(Card.Preprocessing.Table));
}
