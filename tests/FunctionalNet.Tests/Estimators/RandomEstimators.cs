using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Estimators;

/// <summary>One random fitted model and rows to predict on; ToString says what was drawn, for shrinking reports.</summary>
internal sealed record EstimatorCase(Classifier? Classifier, Regressor? Regressor, Matrix<double> Rows, string Description)
{
    public override string ToString() => Description;
}

/// <summary>Random classifiers and regressors: 1–5 inputs, 0–2 hidden layers of width 1–8, float32 or float64, with or without scalers.</summary>
internal static class RandomEstimators
{
    public static Arbitrary<EstimatorCase> Cases(bool regression) =>
        (from inputs in Gen.Choose(1, 5)
         from hiddenCount in Gen.Choose(0, 2)
         from w1 in Gen.Choose(1, 8)
         from w2 in Gen.Choose(1, 8)
         from outputs in Gen.Choose(1, regression ? 3 : 4)
         from float32 in Gen.Elements(false, true)
         from scaled in Gen.Elements(false, true)
         from targetScaled in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         select Build(regression, inputs, new[] { w1, w2 }[..hiddenCount], outputs, float32, scaled, targetScaled, seed))
        .ToArbitrary();

    public static EstimatorCase Build(bool regression, int inputs, int[] widths, int outputs, bool float32, bool scaled, bool targetScaled, int seed,
        Activation? hidden = null)
    {
        var rng = Rng.Create((ulong)seed);
        var (output, loss) = regression ? (Activation.Identity, Loss.SquaredError)
            : outputs == 1 ? (Activation.Sigmoid, (Loss)Loss.BinaryCrossEntropy) : (Activation.Softmax, Loss.CrossEntropy);
        var arch = Architecture.Create(inputs, widths.Select(w => new Layer(w, hidden ?? Activation.Tanh)).Append(new Layer(outputs, output)), loss)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var parameters = Initializer.UniformEpsilon.Initialize<double>(arch, rng.Fork(0));
        var weights = float32 ? (NetworkWeights)new NetworkWeights.F32(parameters.Convert<float>()) : new NetworkWeights.F64(parameters);
        var scaler = scaled ? Scaler(inputs, rng.Fork(1)) : null;
        ImmutableArray<string> features = [.. Enumerable.Range(0, inputs).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))];
        var summary = new TrainingSummary(7, 21, "maximum epochs", ImmutableSortedDictionary<string, double>.Empty.Add("training_cost", 0.125));
        var rows = Matrix<double>.Create(6, inputs, Values(6 * inputs, rng.Fork(2), -3, 3));
        string what = $"{(regression ? "regressor" : "classifier")} {arch.Shape} {hidden?.ToString() ?? "tanh"} {weights.Dtype}{(scaled ? ", scaled" : "")}{(regression && targetScaled ? ", target-scaled" : "")}, seed {seed}";
        if (regression)
        {
            var r = Regressor.Create(arch, weights, scaler, targetScaled ? Scaler(outputs, rng.Fork(3)) : null,
                [.. Enumerable.Range(0, outputs).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture))], features, summary);
            return new EstimatorCase(null, r.Match(v => v, e => throw new InvalidOperationException(e.Message)), rows, what);
        }
        var c = Classifier.Create(arch, weights, scaler, [.. Enumerable.Range(0, Math.Max(2, outputs)).Select(i => "class " + i.ToString(CultureInfo.InvariantCulture))],
            features, summary);
        return new EstimatorCase(c.Match(v => v, e => throw new InvalidOperationException(e.Message)), null, rows, what);
    }

    private static ScalerCard Scaler(int width, Rng rng) =>
        new("standard", [.. Values(width, rng.Fork(0), -2, 2)], [.. Values(width, rng.Fork(1), 0.25, 4)]);

    private static double[] Values(int count, Rng rng, double low, double high)
    {
        var values = new double[count];
        rng.FillUniform<double>(values, low, high);
        return values;
    }

    /// <summary>The bits of every value, so "equal" means bit-identical (NaN payloads and −0 included).</summary>
    public static long[] Bits(Matrix<double> m) => [.. m.Span.ToArray().Select(BitConverter.DoubleToInt64Bits)];
}
