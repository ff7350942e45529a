using System.Globalization;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Model;
using FunctionalNet.Plots;
using FunctionalNet.Tensors;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Training;

/// <summary>Writes the run's pictures into the model directory (each atomically), as SVG or PNG per --plot-format.</summary>
internal static class Pictures
{
    /// <summary>
    /// A regression's pictures: loss, and per target the test rows' predicted-vs-true and residual charts (the
    /// boundary and confusion pictures are a classifier's). Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteRegression(TrainSettings s, Architecture arch, ImmutableCosts costs, int keptEpoch,
        IReadOnlyList<string> targets, Matrix<double> truth, Matrix<double> predicted)
    {
        var format = Plot.ParseFormat(s.PlotFormat) ?? PlotFormat.Svg;
        string trained = Trained(s, arch);
        return [SaveLoss(s, arch, costs, keptEpoch, format, trained),
            .. JudgingPictures.Regressor(new PictureTarget(s.Out, format), $"{trained}: test rows", targets, truth, predicted)];
    }

    private static string SaveLoss(TrainSettings s, Architecture arch, ImmutableCosts costs, int keptEpoch, PlotFormat format, string trained) =>
        Save(s, "loss", format, LossChart.Render(costs.Training, costs.Validation.Count > 0 ? costs.Validation : null, s.LogScale, $"{trained}: cost per epoch",
            keptEpoch: keptEpoch, yLabel: LossName(arch)));

    private static string Save(TrainSettings s, string name, PlotFormat format, string svg) => JudgingPictures.Save(new PictureTarget(s.Out, format), name, svg);

    /// <summary>Writes loss, boundary (two features) and confusion pictures; returns the paths written.</summary>
    /// <param name="s">The run's settings: where, which format, log scale, data set and optimizer for the titles.</param>
    /// <param name="arch">The trained network, for the titles.</param>
    /// <param name="costs">Training and validation cost per epoch.</param>
    /// <param name="keptEpoch">The epoch whose parameters were saved.</param>
    /// <param name="featureNames">Names of the features, for the boundary's axes.</param>
    /// <param name="points">All rows (raw features) for the boundary, or null.</param>
    /// <param name="labels">Their classes.</param>
    /// <param name="probabilities">The saved model's class probabilities of raw feature rows.</param>
    /// <param name="confusion">The test rows' confusion matrix, or null.</param>
    /// <param name="classes">Class names.</param>
    /// <param name="test">The test rows' classes and class probabilities, for the ROC, precision–recall and reliability pictures; null for none.</param>
    /// <param name="uncalibrated">The test rows' class probabilities before calibration, for reliability-before; null when the model is not calibrated.</param>
    public static IReadOnlyList<string> Write(TrainSettings s, Architecture arch, ImmutableCosts costs, int keptEpoch, IReadOnlyList<string> featureNames,
        Matrix<double>? points, IReadOnlyList<int>? labels, Func<Matrix<double>, Matrix<double>> probabilities, ConfusionMatrix? confusion,
        IReadOnlyList<string> classes, (IReadOnlyList<int> Labels, Matrix<double> Probabilities)? test = null, Matrix<double>? uncalibrated = null)
    {
        var format = Plot.ParseFormat(s.PlotFormat) ?? PlotFormat.Svg;
        string trained = Trained(s, arch);
        var written = new List<string>();
        void Save(string name, string svg) => written.Add(Pictures.Save(s, name, format, svg));
        written.Add(SaveLoss(s, arch, costs, keptEpoch, format, trained));
        if (points is { Cols: 2 } && labels is not null)
            Save("boundary", BoundaryChart.Render(BoundaryGrid.Evaluate(points, probabilities), points, labels, classes, $"{trained}: decision boundary",
                featureNames.Count > 0 ? featureNames[0] : "x0", featureNames.Count > 1 ? featureNames[1] : "x1"));
        if (confusion is not null)
            Save("confusion", ConfusionChart.RenderBoth(
                [.. Enumerable.Range(0, confusion.Classes).Select(i => (IReadOnlyList<int>)[.. Enumerable.Range(0, confusion.Classes).Select(j => confusion[i, j])])],
                classes, $"{trained}: test rows"));
        if (test is { } t && t.Labels.Count > 0)
            written.AddRange(JudgingPictures.Classifier(new PictureTarget(s.Out, format), $"{trained}: test rows", t.Labels, t.Probabilities, classes, uncalibrated));
        return written;
    }

    /// <summary>What was trained, for titles: data, shape, activations and optimizer, e.g. <c>moons: 2-5-5-2 tanh/sigmoid by gd</c>.</summary>
    public static string Trained(TrainSettings s, Architecture arch) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(s.Data)}: {arch.Shape} {string.Join("/", arch.Layers.Select(l => l.Activation.Name).Distinct())} by {s.Optimizer}");

    private static string LossName(Architecture arch) => arch.Loss.Name switch
    {
        "bce" => "binary cross-entropy",
        "ce" => "cross-entropy",
        "mse" => "squared error",
        var name => name,
    };
}

/// <summary>Training and validation cost per epoch.</summary>
internal sealed record ImmutableCosts(IReadOnlyList<double> Training, IReadOnlyList<double> Validation);
