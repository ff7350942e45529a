using FunctionalNet.Estimators;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Storage;

/// <summary>A model read back from its directory: card, architecture and weights in the card's precision.</summary>
internal sealed record LoadedModel(StoredModel Stored)
{
    public ModelCard Card => Stored.Card;

    public Architecture Architecture => Stored.Architecture;

    public Parameters<double>? Double => (Stored.Weights as NetworkWeights.F64)?.Parameters;

    public Parameters<float>? Single => (Stored.Weights as NetworkWeights.F32)?.Parameters;

    /// <summary>Number of raw features a row must have.</summary>
    public int Inputs => Architecture.Inputs;

    /// <summary>Class names by output index.</summary>
    public IReadOnlyList<string> Classes => Stored.Classes;

    /// <summary>True for a regressor: its outputs are values of <see cref="TargetNames"/>, not class scores.</summary>
    public bool IsRegression => Card.IsRegression;

    /// <summary>A regressor's target names by output index; empty for a classifier.</summary>
    public IReadOnlyList<string> TargetNames => Card.Preprocessing.Targets is { IsDefault: false } names ? names : [];

    /// <summary>A regressor's predictions for raw rows, in the targets' own units (its outputs with the target scaling undone).</summary>
    public Matrix<double> Values(Matrix<double> raw) =>
        Card.Preprocessing.TargetScaler is { } t ? t.Invert(Outputs(raw)) : Outputs(raw);

    /// <summary>Output activations for raw (unscaled) rows, computed in the model's own precision.</summary>
    public Matrix<double> Outputs(Matrix<double> raw) =>
        Stored.Weights.Outputs(Architecture, Card.Preprocessing.Scaler is { } s ? s.Apply(raw) : raw);
}
