
namespace FunctionalNet.Formats;

/// <summary>
/// The estimator a model directory holds, whichever its task, with the card it was saved with (the training
/// settings, metrics and label column a command reads besides the model): <see cref="OfClassifier"/>,
/// <see cref="OfRegressor"/> or <see cref="OfMultiLabel"/>. Predictions come from the estimator's own methods.
/// </summary>
public abstract record SavedEstimator
{
    private SavedEstimator(ModelCard card) => Card = card;

    /// <summary>The card the model was saved with.</summary>
    public ModelCard Card { get; }

    /// <summary>A saved classifier.</summary>
    public sealed record OfClassifier : SavedEstimator
    {
        /// <summary>A classifier and its card.</summary>
        public OfClassifier(ModelCard card, Classifier classifier) : base(card) => Classifier = classifier;

        /// <summary>The classifier.</summary>
        public Classifier Classifier { get; }
    }

    /// <summary>A saved regressor.</summary>
    public sealed record OfRegressor : SavedEstimator
    {
        /// <summary>A regressor and its card.</summary>
        public OfRegressor(ModelCard card, Regressor regressor) : base(card) => Regressor = regressor;

        /// <summary>The regressor.</summary>
        public Regressor Regressor { get; }
    }

    /// <summary>A saved multi-label classifier.</summary>
    public sealed record OfMultiLabel : SavedEstimator
    {
        /// <summary>A multi-label classifier and its card.</summary>
        public OfMultiLabel(ModelCard card, MultiLabelClassifier model) : base(card) => Model = model;

        /// <summary>The multi-label classifier.</summary>
        public MultiLabelClassifier Model { get; }
    }

    /// <summary>The network's structure.</summary>
    public Model.Architecture Architecture => Match(c => c.Architecture, r => r.Architecture, m => m.Architecture);

    /// <summary>The fitted parameters, in their own precision.</summary>
    public NetworkWeights Weights => Match(c => c.Weights, r => r.Weights, m => m.Weights);

    /// <summary>Feature names in input order; empty when the data had none.</summary>
    public System.Collections.Immutable.ImmutableArray<string> FeatureNames => Match(c => c.FeatureNames, r => r.FeatureNames, m => m.FeatureNames);

    /// <summary>Number of raw features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>The classifier's value of <paramref name="classifier"/>, the regressor's of <paramref name="regressor"/>, or the multi-label classifier's of <paramref name="multiLabel"/>.</summary>
    public T Match<T>(Func<Classifier, T> classifier, Func<Regressor, T> regressor, Func<MultiLabelClassifier, T> multiLabel)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(regressor);
        ArgumentNullException.ThrowIfNull(multiLabel);
        return this switch
        {
            OfClassifier c => classifier(c.Classifier),
            OfRegressor r => regressor(r.Regressor),
            OfMultiLabel m => multiLabel(m.Model),
            _ => throw new InvalidOperationException("unknown estimator"),
        };
    }
}
