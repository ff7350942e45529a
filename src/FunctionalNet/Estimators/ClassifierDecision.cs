using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

// How a fitted classifier turns its network's outputs into probabilities and classes: an optional calibration of the
// output logits and, for two classes, an optional decision threshold — both fitted on held-out rows, kept in the model.
public sealed partial record Classifier
{
    /// <summary>
    /// The decision threshold of a two-class model: a row is class 1 (<c>Classes[1]</c>) when its (calibrated)
    /// P(class 1) is at least this; +∞ calls every row class 0. Null: the usual rule, the larger probability (½).
    /// </summary>
    public double? Threshold { get; private init; }

    /// <summary>The calibration applied to the output logits before the softmax or sigmoid, or null for none.</summary>
    public Calibration? Calibration { get; private init; }

    // The network with an identity output on the same parameters, whose outputs are the logits a calibration reads; null without one.
    private Architecture? LogitArchitecture { get; init; }

    // The network the scoring runs: the logits' when calibrated, else the model's own.
    private Architecture Scoring => LogitArchitecture ?? Architecture;

    /// <summary>This classifier with <paramref name="threshold"/> (null: back to the larger probability), checked: two classes with probability outputs, and a threshold in [0, 1] or +∞.</summary>
    public Either<Error, Classifier> WithThreshold(double? threshold)
    {
        if (threshold is not { } t) return this with { Threshold = null };
        if (!HasProbabilities || Classes.Length != 2)
            return new Error("threshold.classes", $"a decision threshold is for two classes with probability outputs; the model has {Classes.Length} classes and {Architecture.Output.Activation.Name} outputs");
        if (!(t >= 0 && t <= 1) && !double.IsPositiveInfinity(t))
            return new Error("threshold.value", $"a decision threshold is a probability in [0, 1] (or +∞: every row class 0), found {t.ToString(CultureInfo.InvariantCulture)}");
        return this with { Threshold = t };
    }

    /// <summary>This classifier with <paramref name="calibration"/> (null: none), checked against the network's outputs.</summary>
    public Either<Error, Classifier> WithCalibration(Calibration? calibration)
    {
        if (calibration is null) return this with { Calibration = null, LogitArchitecture = null };
        if (calibration.Problem(Architecture) is { } problem) return problem;
        return this with { Calibration = calibration, LogitArchitecture = IdentityOutput() };
    }

    /// <summary>[m × outputs] output logits of raw rows: the last layer's values before its activation, never calibrated.</summary>
    public Matrix<double> Logits(Matrix<double> features)
    {
        FittedChecks.Rows(features, Inputs, FeatureNames);
        return Weights.Outputs(LogitArchitecture ?? IdentityOutput(), Scaler?.Apply(features) ?? features);
    }

    /// <summary>
    /// This classifier calibrated on held-out rows <paramref name="validation"/> (classes matched by name), fitted on
    /// the uncalibrated logits: <paramref name="method"/> <c>temperature</c> (<see cref="TemperatureScaling"/>; one
    /// sigmoid output is the two logits [0, z]) or <c>platt</c> (<see cref="PlattScaling"/>, two classes; the logit of
    /// two softmax outputs is z₁ − z₀).
    /// </summary>
    public Either<Error, Classifier> Calibrated(Dataset validation, string method)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (method is not ("temperature" or "platt"))
            return new Error("calibration.method", $"calibration method '{method}' is not one of temperature, platt");
        if (new Calibration.Temperature(1).Problem(Architecture) is { } outputs) return outputs;
        if (method == "platt" && new Calibration.Platt(1, 0).Problem(Architecture) is { } platt) return platt;
        return
            from labels in Indices(validation)
            let z = Logits(validation.Features)
            from fitted in method == "platt"
                ? PlattScaling.Fit(labels, [.. Enumerable.Range(0, z.Rows).Select(r => z.Cols == 1 ? z[r, 0] : z[r, 1] - z[r, 0])]).Map(p => (Calibration)p)
                : TemperatureScaling.Fit(labels, z.Cols == 1 ? Matrix<double>.FromRows([.. Enumerable.Range(0, z.Rows).Select(r => new[] { 0, z[r, 0] })]) : z)
                    .Map(t => (Calibration)new Calibration.Temperature(t))
            from calibrated in WithCalibration(fitted)
            select calibrated;
    }

    /// <summary>
    /// The decision threshold maximising <paramref name="objective"/> on held-out rows <paramref name="validation"/>
    /// (classes matched by name), chosen by <see cref="DecisionThreshold.Choose"/> among this classifier's (calibrated)
    /// P(class 1) of those rows; pass its <c>Threshold</c> to <see cref="WithThreshold"/>.
    /// </summary>
    public Either<Error, ThresholdChoice> ChooseThreshold(Dataset validation, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(objective);
        return
            from _ in WithThreshold(0.5)
            from labels in Indices(validation)
            let p = PredictProba(validation.Features)
            from choice in DecisionThreshold.Choose(labels, [.. Enumerable.Range(0, p.Rows).Select(r => p[r, 1])], objective)
            select choice;
    }

    // The same layers and parameter layout with an identity output (and the loss that pairs with it).
    private Architecture IdentityOutput() =>
        Architecture.Create(Inputs, [.. Architecture.Layers[..^1], new Layer(Architecture.Outputs, Activation.Identity)], Loss.SquaredError)
            .Match(a => a, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));

    // The data set's labels as indices into Classes, by name.
    private Either<Error, int[]> Indices(Dataset data)
    {
        var names = data.Classes.ClassNames;
        var unknown = names.Where((n, i) => !Classes.Contains(n) && data.Labels.Contains(i)).ToList();
        if (unknown.Count > 0)
            return new Error("model.classes", $"the held-out rows have class{(unknown.Count == 1 ? "" : "es")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} that the model does not know; it knows {string.Join(", ", Classes)}");
        return data.Labels.Select(l => Classes.IndexOf(names[l])).ToArray();
    }

    // Calibrates [rows × outputs] logits in place, when there is a calibration.
    private void Calibrate(Span<double> outputs, int rows)
    {
        if (Calibration is not { } c) return;
        int width = Architecture.Outputs;
        for (int r = 0; r < rows; r++) c.Apply(outputs.Slice(r * width, width));
    }

    // A row's class from its (calibrated) outputs: P(class 1) against the threshold, else the usual rule.
    private int Decide(ReadOnlySpan<double> outputs) => Threshold is { } t ? (outputs[^1] >= t ? 1 : 0) : Network.Label(outputs);

    private int[] Decide(Matrix<double> outputs)
    {
        var labels = new int[outputs.Rows];
        for (int r = 0; r < labels.Length; r++) labels[r] = Decide(outputs.Span.Slice(r * outputs.Cols, outputs.Cols));
        return labels;
    }
}
