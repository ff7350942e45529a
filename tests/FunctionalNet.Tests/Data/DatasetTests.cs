using FunctionalNet.Data;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Data;

public class DatasetTests
{
    private static readonly Matrix<double> X = Matrix<double>.FromRows([[1.0, 2], [3.0, 4], [5.0, 6]]);

    [Fact]
    public void Class_targets_become_one_hot_or_a_single_binary_column()
    {
        var three = Dataset.Classification(X, [2, 0, 1], ["a", "b", "c"]);
        Assert.Equal([0.0, 0, 1, 1, 0, 0, 0, 1, 0], three.ToBatch<double>().Targets.Span.ToArray());
        var two = Dataset.Classification(X, [1, 0, 1]);
        Assert.Equal([1f, 0f, 1f], two.ToBatch<float>(1).Targets.Span.ToArray());
        Assert.Equal(2, two.ToBatch<float>().Targets.Cols);
        Assert.Throws<ArgumentException>(() => three.ToBatch<double>(1));
    }

    [Fact]
    public void The_baseline_architecture_takes_batches_of_its_width()
    {
        var two = Dataset.Classification(X, [1, 0, 1]);
        var arch = Baselines.LogisticRegression(two).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal(1, two.ToBatch<double>(arch).Targets.Cols);
    }

    [Fact]
    public void Multi_label_and_regression_targets_pass_through()
    {
        var multi = Dataset.MultiLabel(X, Matrix<double>.FromRows([[1.0, 0], [1.0, 1], [0.0, 0]]), ["red", "round"]);
        Assert.Equal([1.0, 0, 1, 1, 0, 0], multi.ToBatch<double>().Targets.Span.ToArray());
        Assert.Throws<ArgumentException>(() => Dataset.MultiLabel(X, Matrix<double>.FromRows([[0.5], [1.0], [0.0]])));
        var reg = Dataset.Regression(X, Matrix<double>.FromRows([[0.5], [1.5], [2.5]]));
        Assert.Equal([1.5], reg.SelectRows([1]).ToBatch<double>().Targets.Span.ToArray());
        Assert.Throws<InvalidOperationException>(() => reg.Labels);
    }

    [Fact]
    public void Selecting_rows_keeps_features_labels_and_names_together()
    {
        var d = Dataset.Classification(X, [2, 0, 1], ["a", "b", "c"], ["p", "q"]);
        var s = d.SelectRows([2, 0]);
        Assert.Equal([5.0, 6, 1, 2], s.Features.Span.ToArray());
        Assert.Equal([1, 2], s.Labels.ToArray());
        Assert.Equal(["a", "b", "c"], s.Classes.ClassNames.ToArray());
        Assert.Equal(["p", "q"], s.FeatureNames.ToArray());
    }

    [Fact]
    public void Mismatched_shapes_and_labels_are_programming_errors()
    {
        Assert.Throws<ArgumentException>(() => Dataset.Classification(X, [0, 1]));
        Assert.Throws<ArgumentException>(() => Dataset.Classification(X, [0, 1, 3], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => Dataset.Classification(X, [0, 1, 1], null, ["only-one"]));
    }

    [Fact]
    public void Bundled_digits_are_a_ten_class_dataset()
    {
        var d = Dataset.FromLabelled(BundledDigits.Test);
        Assert.Equal((450, 64, 10), (d.Count, d.FeatureCount, d.Classes.ClassCount));
        Assert.InRange(d.Features.Span.ToArray().Max(), 16, 16);
    }
}
