using System.Globalization;
using FunctionalNet.Model;

namespace FunctionalNet;

/// <summary>
/// A probability calibration fitted on held-out rows and applied to a classifier's output logits z (the last layer's
/// values before its softmax or sigmoid): <see cref="Temperature"/> divides them by T, <see cref="Platt"/> maps a
/// two-class model's logit to a·z + b. The output activation then runs on the calibrated logits.
/// </summary>
public abstract record Calibration
{
    private Calibration()
    {
    }

    /// <summary>Temperature scaling (Guo et al. 2017): softmax(z / T), or sigmoid(z / T) for one output; keeps every row's predicted class.</summary>
    /// <param name="Value">T &gt; 0: above 1 softens the probabilities, below 1 sharpens them.</param>
    public sealed record Temperature(double Value) : Calibration;

    /// <summary>
    /// Platt scaling (Platt 1999) of a two-class model: P(class 1) = sigmoid(a·z + b) with z the sigmoid output's
    /// logit, or for two softmax outputs softmax([a·z₀, a·z₁ + b]), which is sigmoid(a·(z₁ − z₀) + b).
    /// </summary>
    /// <param name="Slope">a, finite.</param>
    /// <param name="Intercept">b, finite.</param>
    public sealed record Platt(double Slope, double Intercept) : Calibration;

    /// <summary>The method's name as the CLI and the model card spell it: <c>temperature</c> or <c>platt</c>.</summary>
    public string Method => this is Temperature ? "temperature" : "platt";

    /// <summary>Null when this calibration can calibrate a classifier of <paramref name="architecture"/>, else why not.</summary>
    public Error? Problem(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (!Classifier.GivesProbabilities(architecture))
            return new Error("calibration.outputs", $"calibration needs probability outputs (softmax, or one sigmoid unit), found {architecture.Outputs} {architecture.Output.Activation.Name} output(s)");
        return this switch
        {
            Temperature t when !(t.Value > 0) || double.IsInfinity(t.Value) => new Error("calibration.temperature", $"the temperature must be a finite number > 0, found {F(t.Value)}"),
            Platt p when !double.IsFinite(p.Slope) || !double.IsFinite(p.Intercept) => new Error("calibration.platt", $"Platt scaling needs a finite slope and intercept, found {F(p.Slope)} and {F(p.Intercept)}"),
            Platt when architecture.Outputs > 2 => new Error("calibration.platt", $"Platt scaling is for two classes, the model has {architecture.Outputs}; use temperature scaling"),
            _ => null,
        };
    }

    /// <summary>Turns one row of output logits into calibrated probabilities in place (softmax, or sigmoid for one output).</summary>
    internal void Apply(Span<double> row)
    {
        switch (this)
        {
            case Temperature t:
                for (int j = 0; j < row.Length; j++) row[j] /= t.Value;
                break;
            case Platt p:
                for (int j = 0; j < row.Length; j++) row[j] *= p.Slope;
                row[^1] += p.Intercept;
                break;
        }
        if (row.Length == 1)
        {
            row[0] = 1 / (1 + Math.Exp(-row[0]));
            return;
        }
        double max = double.NegativeInfinity, total = 0;
        foreach (double z in row) max = Math.Max(max, z);
        for (int j = 0; j < row.Length; j++) total += row[j] = Math.Exp(row[j] - max);
        for (int j = 0; j < row.Length; j++) row[j] /= total;
    }

    /// <summary>The calibrated probabilities of [m × outputs] logits, as a new matrix of the same shape.</summary>
    internal Matrix<double> Apply(Matrix<double> logits)
    {
        var values = logits.Span.ToArray();
        for (int r = 0; r < logits.Rows; r++) Apply(values.AsSpan(r * logits.Cols, logits.Cols));
        return Matrix<double>.Own(logits.Rows, logits.Cols, values);
    }

    /// <summary>Describes the calibration, e.g. <c>temperature T = 1.37</c>.</summary>
    public string Describe() => this switch
    {
        Temperature t => $"temperature T = {F(t.Value)}",
        Platt p => $"platt a = {F(p.Slope)}, b = {F(p.Intercept)}",
        _ => Method,
    };

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
