using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Curvature;

/// <summary>
/// A fitted model's training cost as the calculus sees it: raw rows scaled by the model's own scaler, targets encoded
/// as the network was trained on them, and the weights in float64 (a float32 model's Hessian is taken at its exact
/// float32 weights, in double precision).
/// </summary>
public static class CostBatch
{
    /// <summary>
    /// Scaled rows with one-hot targets (a 0/1 column for one sigmoid output) of <paramref name="labels"/>, indices into
    /// the model's classes, each row weighed by its class's weight when the model was trained with class weights (the
    /// card's <c>class_weights</c>): the cost the model was trained on, not the unweighted one.
    /// </summary>
    /// <exception cref="ArgumentException">A label is outside the model's classes, or the counts differ.</exception>
    public static Batch<double> Of(Classifier model, Matrix<double> features, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        var targets = new ClassTargets([.. labels], model.Classes);
        return new Batch<double>(Scaled(model.Scaler, features), targets.ToMatrix(model.Architecture.Outputs), RowWeights(model, labels));
    }

    // Class weights by name become per-row weights, as training applied them (ClassWeights.Apply); null for none.
    private static Matrix<double>? RowWeights(Classifier model, IReadOnlyList<int> labels)
    {
        if (model.Summary.Training?.ClassWeights is not { } byName) return null;
        var perClass = model.Classes.Select(c => byName.TryGetValue(c, out var w) ? w : 1.0).ToArray();
        var rows = new double[labels.Count];
        for (int r = 0; r < rows.Length; r++) rows[r] = perClass[labels[r]];
        return Matrix<double>.Create(rows.Length, 1, rows);
    }

    /// <summary>Scaled rows with target <paramref name="values"/> scaled by the model's target scaler, as it was trained.</summary>
    /// <exception cref="ArgumentException">The counts or widths differ.</exception>
    public static Batch<double> Of(Regressor model, Matrix<double> features, Matrix<double> values)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(values);
        return new Batch<double>(Scaled(model.Scaler, features), model.TargetScaler?.Apply(values) ?? values);
    }

    /// <summary>Scaled rows with the 0/1 <paramref name="indicators"/> a multi-label model was trained on (one column per label).</summary>
    /// <exception cref="ArgumentException">The counts or widths differ.</exception>
    public static Batch<double> Of(MultiLabelClassifier model, Matrix<double> features, Matrix<double> indicators)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(indicators);
        return new Batch<double>(Scaled(model.Scaler, features), indicators);
    }

    /// <summary>The weights in float64 (a float32 model's converted exactly).</summary>
    public static Parameters<double> Weights(NetworkWeights weights) => weights switch
    {
        NetworkWeights.F32 s => s.Parameters.Convert<double>(),
        NetworkWeights.F64 d => d.Parameters,
        _ => throw new ArgumentException("unknown weights", nameof(weights)),
    };

    private static Matrix<double> Scaled(Formats.ScalerCard? scaler, Matrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return scaler?.Apply(features) ?? features;
    }
}
