using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Estimators;

/// <summary>MultiLabelClassifier: the one fit on 0/1 indicators, its predictions, and its model directory.</summary>
public sealed class MultiLabelClassifierTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("fnet-multilabel-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static readonly MlpOptions Small = MlpOptions.Default with { Layers = [3], Epochs = 4, BatchSize = 4 };

    // m rows of 2 features in [-2, 2] and labels 0/1 holding both values.
    private static Arbitrary<(Matrix<double> X, int[] Y)> BinaryData() =>
        (from m in Gen.Choose(6, 16)
         from xs in Gen.ArrayOf(Gen.Choose(-200, 200).Select(v => v / 100.0), 2 * m)
         from ys in Gen.ArrayOf(Gen.Elements(0, 1), m - 2)
         select (Matrix<double>.Create(m, 2, xs), (int[])[0, 1, .. ys]))
        .ToArbitrary();

    // One sigmoid unit either way: the same start (a warm start from the same weights), the same rows and 0/1 targets.
    [Property(MaxTest = 12)]
    public Property With_one_label_the_fit_is_a_binary_sigmoid_classifiers_fit() =>
        Prop.ForAll(BinaryData(), Gen.Elements("float64", "float32").ToArbitrary(), (data, dtype) =>
        {
            var options = Small with { Dtype = dtype };
            var (start, _) = Build(2, 3, 1, dtype == "float32", false, data.Y.Length);
            var binary = Classifier.Create(start.Architecture, start.Weights, null, ["0", "1"], [], TrainingSummary.None).Match(c => c, e => throw new InvalidOperationException(e.Message));
            var fittedBinary = Classifier.Fit(Dataset.Classification(data.X, data.Y), options, binary).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
            var indicators = Matrix<double>.Create(data.Y.Length, 1, [.. data.Y.Select(y => (double)y)]);
            var multi = MultiLabelClassifier.Fit(Dataset.MultiLabel(data.X, indicators, ["label 0"]), options, start).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
            var p2 = fittedBinary.PredictProba(data.X);
            var p1 = multi.PredictProba(data.X);
            var labels = fittedBinary.Predict(data.X);
            return (p1.Cols == 1 && Enumerable.Range(0, p1.Rows).All(r => BitConverter.DoubleToInt64Bits(p1[r, 0]) == BitConverter.DoubleToInt64Bits(p2[r, 1])
                    && (multi.Predict(data.X)[r, 0] == 1) == (labels[r] == "1"))
                && !RandomEstimators.Bits(p1).SequenceEqual(RandomEstimators.Bits(start.PredictProba(data.X))))
                .Label($"{data.Y.Length} rows, {dtype}");
        });

    // Two sigmoid units on one-hot rows are what Classifier.Fit trains for two classes with a sigmoid output.
    [Property(MaxTest = 8)]
    public Property On_one_hot_indicators_the_fit_is_a_sigmoid_classifiers_fit() =>
        Prop.ForAll(BinaryData(), data =>
        {
            var binary = Classifier.Fit(Dataset.Classification(data.X, data.Y), Small with { Output = "sigmoid" }).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
            var oneHot = Matrix<double>.Create(data.Y.Length, 2, [.. data.Y.SelectMany(y => new double[] { 1 - y, y })]);
            var multi = MultiLabelClassifier.Fit(Dataset.MultiLabel(data.X, oneHot, ["0", "1"]), Small).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
            return RandomEstimators.Bits(multi.PredictProba(data.X)).SequenceEqual(RandomEstimators.Bits(binary.PredictProba(data.X)));
        });

    [Fact]
    public void A_fit_learns_independent_labels_and_records_its_options()
    {
        var rng = Rng.Create(5);
        var x = new double[300 * 2];
        rng.FillUniform<double>(x, -1, 1);
        var features = Matrix<double>.Create(300, 2, x);
        // a: x0 > 0; b: x1 > 0; c: both — three labels a linear model's sigmoids separate well apart from c.
        var y = Matrix<double>.Create(300, 3, [.. Enumerable.Range(0, 300).SelectMany(r => new double[]
            { features[r, 0] > 0 ? 1 : 0, features[r, 1] > 0 ? 1 : 0, features[r, 0] > 0 && features[r, 1] > 0 ? 1 : 0 })]);
        var data = Dataset.MultiLabel(features, y, ["a", "b", "c"], ["u", "v"]);
        var model = MultiLabelClassifier.Fit(data, MlpOptions.Default with { Layers = [16], Epochs = 60, BatchSize = 20, Optimizer = new ComponentSpec("adam").With(Catalog.LearningRate, 0.01) }).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(["a", "b", "c"], model.Labels.ToArray());
        Assert.Equal(["u", "v"], model.FeatureNames.ToArray());
        Assert.Equal("2-16-3 [relu, sigmoid] loss bce", $"{model.Architecture.Shape} [{string.Join(", ", model.Architecture.Layers.Select(l => l.Activation.Name))}] loss {model.Architecture.Loss.Name}");
        Assert.True(model.Score(data) > 0.85, $"subset accuracy {model.Score(data)}");
        Assert.Equal(MultiLabelMetrics.SubsetAccuracy(y, model.Predict(features)), model.Score(data));
        Assert.Equal("sigmoid", model.Summary.Training!.Options!.Output);
        var proba = model.PredictProba(features);
        Assert.Equal(MultiLabelClassifier.Thresholded(proba).Span.ToArray(), model.Predict(features).Span.ToArray());
    }

    [Fact]
    public void Data_of_another_task_and_outputs_other_than_sigmoid_are_error_values()
    {
        var x = Matrix<double>.Create(4, 1, [0.0, 1, 2, 3]);
        var indicators = Dataset.MultiLabel(x, Matrix<double>.Create(4, 2, [0.0, 1, 1, 0, 0, 1, 1, 1]));
        Assert.Equal("fit.task", MultiLabelClassifier.Fit(Dataset.Classification(x, [0, 1, 0, 1]), Small).Match(_ => "", e => e.Head.Code));
        Assert.Equal("fit.output", MultiLabelClassifier.Fit(indicators, Small with { Output = "softmax" }).Match(_ => "", e => e.Head.Code));
        Assert.Equal("fit.output", MultiLabelClassifier.Fit(indicators, Small with { Loss = "mse" }).Match(_ => "", e => e.Head.Code));
        Assert.Equal("fit.task", Classifier.Fit(indicators, Small).Match(_ => "", e => e.Head.Code));
        Assert.Equal("fit.task", Regressor.Fit(indicators, Small).Match(_ => "", e => e.Head.Code));
    }

    [Fact]
    public void A_warm_start_takes_the_labels_by_name_and_refuses_others()
    {
        var x = Matrix<double>.Create(6, 1, [0.0, 1, 2, 3, 4, 5]);
        var y = Matrix<double>.Create(6, 2, [0.0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0]);
        var first = MultiLabelClassifier.Fit(Dataset.MultiLabel(x, y, ["a", "b"]), Small).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
        var swapped = Matrix<double>.Create(6, 2, [1.0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1]);
        var again = MultiLabelClassifier.Fit(Dataset.MultiLabel(x, swapped, ["b", "a"]), Small, first).Match(c => c, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(["a", "b"], again.Labels.ToArray());
        Assert.Equal("fit.labels", MultiLabelClassifier.Fit(Dataset.MultiLabel(x, y, ["a", "z"]), Small, first).Match(_ => "", e => e.Head.Code));
    }

    private static Arbitrary<(MultiLabelClassifier Model, Matrix<double> Rows)> Models() =>
        (from inputs in Gen.Choose(1, 4)
         from hidden in Gen.Choose(1, 6)
         from labels in Gen.Choose(1, 4)
         from float32 in Gen.Elements(false, true)
         from scaled in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         select Build(inputs, hidden, labels, float32, scaled, seed))
        .ToArbitrary();

    internal static (MultiLabelClassifier Model, Matrix<double> Rows) Build(int inputs, int hidden, int labels, bool float32, bool scaled, int seed)
    {
        var rng = Rng.Create((ulong)seed);
        var arch = Architecture.Create(inputs, [new Layer(hidden, Activation.Tanh), new Layer(labels, Activation.Sigmoid)], Loss.BinaryCrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
        var parameters = Initializer.UniformEpsilon.Initialize<double>(arch, rng.Fork(0));
        var weights = float32 ? (NetworkWeights)new NetworkWeights.F32(parameters.Convert<float>()) : new NetworkWeights.F64(parameters);
        var scaler = scaled ? new ScalerCard("standard", [.. Enumerable.Repeat(0.5, inputs)], [.. Enumerable.Repeat(2.0, inputs)]) : null;
        var rows = new double[5 * inputs];
        rng.Fork(1).FillUniform<double>(rows, -3, 3);
        var model = MultiLabelClassifier.Create(arch, weights, scaler, [.. Enumerable.Range(0, labels).Select(i => "label " + i.ToString(CultureInfo.InvariantCulture))],
            [.. Enumerable.Range(0, inputs).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))],
            new TrainingSummary(3, 9, "done", ImmutableSortedDictionary<string, double>.Empty.Add("test_f1_micro", 0.5)));
        return (model.Match(m => m, e => throw new InvalidOperationException(e.Message)), Matrix<double>.Create(5, inputs, rows));
    }

    [Property(MaxTest = 30)]
    public Property The_card_records_the_task_and_labels_and_the_model_round_trips_bit_identically() =>
        Prop.ForAll(Models(), c =>
        {
            var (before, rows) = c;
            var files = ModelDirectory.Encode(before);
            var card = ModelDirectory.DecodeCard(files.Card).Match(v => v, e => throw new InvalidOperationException(e.Message));
            var after = ModelDirectory.DecodeMultiLabel(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            string dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
            var loaded = ModelFiles.Save(dir, before).Bind(_ => ModelFiles.LoadEstimator(dir)).Match(v => v, e => throw new InvalidOperationException(e.Message));
            return (card.Task == ModelCard.MultiLabel && card.IsMultiLabel && card.Preprocessing.Targets.SequenceEqual(before.Labels) && card.Preprocessing.Classes.IsEmpty
                && RandomEstimators.Bits(before.PredictProba(rows)).SequenceEqual(RandomEstimators.Bits(after.PredictProba(rows)))
                && after.Labels.SequenceEqual(before.Labels) && after.FeatureNames.SequenceEqual(before.FeatureNames) && after.Weights.Dtype == before.Weights.Dtype
                && after.Summary.Metrics["test_f1_micro"] == 0.5
                && loaded is SavedEstimator.OfMultiLabel m && RandomEstimators.Bits(m.Model.Predict(rows)).SequenceEqual(RandomEstimators.Bits(before.Predict(rows)))
                && ModelDirectory.DecodeClassifier(files.Card, files.Weights).IsLeft && ModelDirectory.DecodeRegressor(files.Card, files.Weights).IsLeft)
                .Label(before.Architecture.Shape);
        });

    [Fact]
    public void A_multilabel_card_with_a_softmax_output_is_refused()
    {
        var (model, _) = Build(2, 3, 2, false, false, 1);
        var card = ModelDirectory.Card(model);
        var softmax = card with { Architecture = card.Architecture with { Layers = [card.Architecture.Layers[0], new LayerCard(2, "softmax")], Loss = "ce" } };
        Assert.Equal("card.architecture", ModelCard.Parse(softmax.ToJson()).Match(_ => "", e => e.Code));
        var classes = card with { Preprocessing = card.Preprocessing with { Classes = ["x", "y"] } };
        Assert.Equal("card.classes", ModelCard.Parse(classes.ToJson()).Match(_ => "", e => e.Code));
    }
}
