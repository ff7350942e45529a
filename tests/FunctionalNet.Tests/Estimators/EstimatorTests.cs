using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Estimators;

/// <summary>Classifier and Regressor built from a training run: the scikit-learn contract (predict, predict_proba, score).</summary>
public class EstimatorTests
{
    private static (Architecture Arch, Dataset Train, Dataset Test, StandardScaler Scaler, TrainingIterate<T> Last) Fit<T>(bool regression)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var moons = Generators.Moons(Rng.Create(1), 200, 0.1);
        // Regression: predict y = 3·x0 − x1 + 10 from the moons' points (a target far from 0, so unscaling matters).
        var data = regression
            ? Dataset.Regression(moons.Features, Matrix<double>.Create(moons.Count, 1, [.. Enumerable.Range(0, moons.Count).Select(r => 3 * moons.Features[r, 0] - moons.Features[r, 1] + 10)]),
                ["y"], ["a", "b"])
            : new Dataset(moons.Features, moons.Targets, ["a", "b"]);
        var (train, test) = Split.TrainTest(data, 0.25, Rng.Create(2), stratify: !regression);
        var scaler = StandardScaler.Fit(train);
        var arch = Architecture.Mlp([2, 8, regression ? 1 : 2], Activation.Tanh, regression ? Activation.Identity : Activation.Softmax,
            regression ? Loss.SquaredError : Loss.CrossEntropy).OrThrow();
        var targets = regression ? StandardScaler.Fit(train.Targets.ToMatrix()) : null;
        var scaled = scaler.Apply(train);
        if (targets is not null) scaled = new Dataset(scaled.Features, new ValueTargets(targets.Transform(train.Targets.ToMatrix()), ["y"], false), scaled.FeatureNames);
        var last = (from rule in Rules.Adam(0.01)
                    from options in TrainingOptions.Create(maxEpochs: 150)
                    from trace in Train.Fit(arch, scaled.ToBatch<T>(arch), rule, Initializer.Xavier.Initialize<T>(arch, Rng.Create(3)), options)
                    select trace.Last()).OrThrow();
        return (arch, train, test, scaler, last);
    }

    [Fact]
    public void A_classifier_from_a_training_run_predicts_what_the_network_predicts_on_scaled_rows()
    {
        var (arch, train, test, scaler, last) = Fit<double>(regression: false);
        var classifier = Classifier.From(last, arch, train, scaler).Match(c => c, e => throw new InvalidOperationException(e.Message));
        var expected = Network.PredictLabels(arch, last.Parameters, scaler.Apply(test).Features);
        Assert.Equal(expected, classifier.PredictIndices(test.Features));
        Assert.Equal(ClassificationMetrics.Accuracy(test.Labels, expected), classifier.Score(test));
        Assert.True(classifier.Score(test) > 0.9, $"accuracy {classifier.Score(test)}");
        Assert.Equal(["a", "b"], classifier.FeatureNames.ToArray());
        Assert.Equal(train.Classes.ClassNames.ToArray(), classifier.Classes.ToArray());
        Assert.Equal(150, classifier.Summary.Epoch);
        var proba = classifier.PredictProba(test.Features);
        Assert.All(Enumerable.Range(0, proba.Rows), r => Assert.Equal(1.0, proba[r, 0] + proba[r, 1], 12));
    }

    [Fact]
    public void A_single_sigmoid_output_gives_two_probability_columns_as_scikit_learn_does()
    {
        var arch = Architecture.Mlp([1, 1], Activation.Identity, Activation.Sigmoid, Loss.BinaryCrossEntropy).OrThrow();
        // θ = [w, b] = [1, 0]: p = sigmoid(x).
        var p = Parameters<double>.FromFlat(arch.Layout, [1.0, 0.0]);
        var classifier = Classifier.Create(arch, new NetworkWeights.F64(p), null, ["no", "yes"], ["x"], TrainingSummary.None)
            .Match(c => c, e => throw new InvalidOperationException(e.Message));
        var proba = classifier.PredictProba(Matrix<double>.Create(2, 1, [0.0, 2.0]));
        double[] expected = [0.5, 0.5, 1 - 1 / (1 + Math.Exp(-2)), 1 / (1 + Math.Exp(-2))];
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(expected[i], proba.Span[i], 15));
        Assert.Equal(["yes", "yes"], classifier.Predict(Matrix<double>.Create(2, 1, [0.0, 2.0])).ToArray()); // p ≥ ½ is the positive class
        Assert.Equal(0.5, classifier.Score(Matrix<double>.Create(2, 1, [0.0, -2.0]), ["yes", "yes"]));
    }

    [Fact]
    public void A_regressor_unscales_its_targets_and_scores_r2()
    {
        var (arch, train, test, scaler, last) = Fit<float>(regression: true);
        var targetScaler = StandardScaler.Fit(train.Targets.ToMatrix());
        var regressor = Regressor.From(last, arch, train, scaler, targetScaler).Match(r => r, e => throw new InvalidOperationException(e.Message));
        Assert.Equal("float32", regressor.Weights.Dtype);
        var predicted = regressor.Predict(test.Features);
        var outputs = Network.Predict(arch, last.Parameters, scaler.Apply(test).Features.Convert<float>()).Convert<double>();
        for (int r = 0; r < test.Count; r++)
            Assert.Equal(outputs[r, 0] * targetScaler.Scale[0] + targetScaler.Mean[0], predicted[r, 0]);
        Assert.Equal(RegressionMetrics.R2(test.Targets.ToMatrix(), predicted), regressor.Score(test));
        Assert.True(regressor.Score(test) > 0.95, $"R² {regressor.Score(test)}");
    }

    [Fact]
    public void Parts_that_do_not_fit_are_errors_naming_them()
    {
        var arch = Architecture.Mlp([2, 3], Activation.Identity, Activation.Softmax, Loss.CrossEntropy).OrThrow();
        var p = new NetworkWeights.F64(Parameters<double>.Zeros(arch.Layout));
        string Problem(Func<LanguageExt.Either<Error, Classifier>> make) => make().Match(_ => "", e => e.Message);
        Assert.Contains("2 class names for 3 classs", Problem(() => Classifier.Create(arch, p, null, ["a", "b"], [], TrainingSummary.None)), StringComparison.Ordinal);
        Assert.Contains("'a' appears twice", Problem(() => Classifier.Create(arch, p, null, ["a", "a", "b"], [], TrainingSummary.None)), StringComparison.Ordinal);
        Assert.Contains("3 feature names for 2 features", Problem(() => Classifier.Create(arch, p, null, ["a", "b", "c"], ["x", "y", "z"], TrainingSummary.None)), StringComparison.Ordinal);
        var other = Architecture.Mlp([3, 3], Activation.Identity, Activation.Softmax, Loss.CrossEntropy).OrThrow();
        Assert.Contains("laid out for another network", Problem(() => Classifier.Create(other, p, null, ["a", "b", "c"], [], TrainingSummary.None)), StringComparison.Ordinal);
        Assert.Contains("non-zero scale", Problem(() => Classifier.Create(arch, p, new FunctionalNet.Formats.ScalerCard("standard", [0, 0], [1, 0]), ["a", "b", "c"], [], TrainingSummary.None)), StringComparison.Ordinal);
    }
}
