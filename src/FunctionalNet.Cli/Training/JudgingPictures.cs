using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.IO;
using FunctionalNet.Plots;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// The pictures that judge a classifier on labelled rows — ROC and precision–recall curves and the reliability
/// diagram — and the permutation-importance chart; drawn by <c>fnet train</c> (test part), <c>fnet evaluate --plots</c>
/// and <c>fnet importance --plots</c>. Each file is written atomically.
/// </summary>
internal static class JudgingPictures
{
    /// <summary>
    /// roc, precision-recall and reliability pictures of <paramref name="probabilities"/> (class probabilities of the
    /// rows whose true classes are <paramref name="actual"/>), and of a calibrated model's <paramref name="uncalibrated"/>
    /// probabilities reliability-before; returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Classifier(PictureTarget target, string title, IReadOnlyList<int> actual, Matrix<double> probabilities,
        IReadOnlyList<string> classes, Matrix<double>? uncalibrated = null)
    {
        var written = new List<string>
        {
            Save(target, "roc", RankingCharts.Roc(actual, probabilities, classes, $"{title}: ROC")),
            Save(target, "precision-recall", RankingCharts.PrecisionRecall(actual, probabilities, classes, $"{title}: precision–recall")),
        };
        bool binary = probabilities.Cols <= 2;
        void Reliability(string name, string curveName, Matrix<double> p, string what) => ReliabilityCurve.OfClasses(actual, p).IfRight(curve => written.Add(Save(target, name,
            CalibrationChart.Render([(curveName, curve)], $"{title}: {what}",
                binary ? $"P({classes[1]})" : "top-class probability", binary ? $"fraction {classes[1]}" : "accuracy"))));
        if (uncalibrated is not null) Reliability("reliability-before", "uncalibrated", uncalibrated, "reliability before calibration");
        Reliability("reliability", uncalibrated is null ? "model" : "calibrated", probabilities, uncalibrated is null ? "reliability" : "reliability after calibration");
        return written;
    }

    /// <summary>Per target the predicted-vs-true and residual pictures of a regressor's predictions; returns the paths written.</summary>
    public static IReadOnlyList<string> Regressor(PictureTarget target, string title, IReadOnlyList<string> targets, Matrix<double> truth, Matrix<double> predicted)
    {
        var written = new List<string>();
        for (int t = 0; t < targets.Count; t++)
        {
            double[] y = [.. Enumerable.Range(0, truth.Rows).Select(r => truth[r, t])];
            double[] yHat = [.. Enumerable.Range(0, predicted.Rows).Select(r => predicted[r, t])];
            // One target keeps the plain names; several are told apart by the target's name.
            string suffix = targets.Count == 1 ? "" : "-" + string.Concat(targets[t].Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
            written.Add(Save(target, "predicted-vs-true" + suffix, RegressionCharts.PredictedVsTrue(y, yHat, targets[t], title)));
            written.Add(Save(target, "residuals" + suffix, RegressionCharts.Residuals(y, yHat, targets[t], title)));
        }
        return written;
    }

    /// <summary>The importance chart, as <c>importance</c> in <paramref name="target"/>; returns its path.</summary>
    public static string Importance(PictureTarget target, string title, PermutationImportance importance, IReadOnlyList<string> featureNames, string metric) =>
        Save(target, "importance", ImportanceChart.Render(importance, featureNames, metric, $"{title}: permutation importance"));

    /// <summary>
    /// Runs <paramref name="draw"/> when pictures were asked for, with their directory created and every I/O failure
    /// one line naming it; returns the paths drawn (none when not asked).
    /// </summary>
    public static LanguageExt.Either<CliError, IReadOnlyList<string>> IfAsked(LanguageExt.Option<PictureTarget> target, Func<PictureTarget, IReadOnlyList<string>> draw) =>
        target.Match(
            Some: t => Files.Guard<IReadOnlyList<string>>(t.Dir, "plots directory", () =>
            {
                Directory.CreateDirectory(t.Dir);
                return LanguageExt.Either<CliError, IReadOnlyList<string>>.Right(draw(t));
            }),
            None: () => LanguageExt.Either<CliError, IReadOnlyList<string>>.Right([]));

    /// <summary>Says which pictures were drawn after a table (a JSON report stays one object on stdout); returns <paramref name="code"/>.</summary>
    public static int Reported(IReadOnlyList<string> drawn, bool json, Terminal terminal, int code)
    {
        if (!json && drawn.Count > 0) terminal.Out.WriteLine($"drew     {string.Join(", ", drawn)}");
        return code;
    }

    /// <summary>Writes <paramref name="svg"/> as <paramref name="name"/> in the target's directory and format; returns the path.</summary>
    public static string Save(PictureTarget target, string name, string svg)
    {
        string path = Path.Combine(target.Dir, name + Plot.Extension(target.Format));
        AtomicWrite.Write(path, Plot.Encode(svg, target.Format));
        return path;
    }
}
