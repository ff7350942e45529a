using System.CommandLine;
using System.Text.Json;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Training;
using FunctionalNet.Formats;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet evaluate</c>: accuracy, classification report and confusion matrix of a classifier on labelled data, or a regressor's MSE, RMSE, MAE and R².</summary>
internal static class EvaluateCommand
{
    public static Command Create(Terminal terminal)
    {
        var input = new LabelledDataOptions();
        var json = new Option<bool>("--json") { Description = "Print the numbers as one JSON object instead of tables" };
        var plots = new PlotOptions();
        var command = new Command("evaluate", """
            Scores a model on labelled data (a CSV file, or IDX images and labels): accuracy, per-class precision /
            recall / F1 (scikit-learn's classification_report), the confusion matrix, balanced accuracy, Matthews
            correlation and Cohen's kappa, and from the class probabilities log-loss, ROC AUC, average precision and
            the Brier score (two classes) or one-vs-one ROC AUC and top-2 accuracy (more). The file may hold only some
            of the model's classes, even one; the others are listed with support 0.

            Examples:
              fnet evaluate --model model --data test.csv
              fnet evaluate --model model --data test.csv --json
              fnet evaluate --model mnist --data t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz
              fnet evaluate --model model --data test.csv --plots pictures

            --plots DIR draws a classifier's ROC and precision–recall curves (one per class for more than two, the
            area in the legend) and its reliability diagram, or a regressor's predicted-vs-true and residual charts.

            A regression model is scored on CSV target columns (its training --label unless --label is given):
            MSE, RMSE, MAE and R², each averaged over the targets as scikit-learn's uniform_average, and per target;
            explained variance, median absolute error, MAPE and (one target) max error.

            A multi-label model is scored on its 0/1 label columns (CSV or Parquet; its training --label unless
            --label is given): subset accuracy, Hamming loss, F1 micro, macro and samples averages (scikit-learn's
            definitions), and each label's precision, recall, F1 and support.
            """);
        input.AddTo(command);
        command.Add(json);
        plots.AddTo(command);
        command.SetAction(r => Cli.Finish(
            from target in plots.Read(r)
            from read in input.Read(r, terminal.Cancel)
            from drawn in JudgingPictures.IfAsked(target, t => Draw(t, Title(r.GetValue(input.Model)!, r.GetValue(input.Data)!), read.Model, read.Input))
            let code = read.Model.Match(c => Print(c, read.Input, r.GetValue(json), terminal), regressor => PrintRegression(regressor, read.Input, r.GetValue(json), terminal),
                multiLabel => FunctionalNet.Cli.Scores.MultiLabelReport.Print(multiLabel, read.Input, r.GetValue(json), terminal))
            select JudgingPictures.Reported(drawn, r.GetValue(json), terminal, code), terminal));
        return command;
    }

    private static IReadOnlyList<string> Draw(PictureTarget target, string title, SavedEstimator model, ModelInput input) => model.Match(
        c => c.HasProbabilities ? JudgingPictures.Classifier(target, title, input.Labels!, c.PredictProba(input.Features), c.Classes) : [],
        g => JudgingPictures.Regressor(target, title, g.TargetNames, input.Values!, g.Predict(input.Features)),
        _ => []);

    /// <summary>A picture title naming the model directory and the data file.</summary>
    internal static string Title(string model, string data) => $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(model))} on {Path.GetFileName(data)}";

    private static int Print(Classifier model, ModelInput input, bool json, Terminal terminal)
    {
        var predicted = model.PredictIndices(input.Features);
        IReadOnlyList<string> classes = model.Classes;
        var confusion = ConfusionMatrix.Compute(input.Labels!, predicted, classes.Count);
        var report = ClassificationReport.Compute(input.Labels!, predicted, classes);
        var scores = MetricSummary.Classification(input.Labels!, predicted, model.HasProbabilities ? model.PredictProba(input.Features) : null);
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new
            {
                samples = report.Support,
                accuracy = report.Accuracy,
                classes,
                report = report.Classes.Select(Scores),
                macro_avg = Scores(report.MacroAverage),
                weighted_avg = Scores(report.WeightedAverage),
                confusion_matrix = Enumerable.Range(0, confusion.Classes).Select(i => Enumerable.Range(0, confusion.Classes).Select(j => confusion[i, j])),
                metrics = scores,
            }));
            return ExitCode.Ok;
        }
        var console = Tables.ConsoleFor(terminal);
        terminal.Out.WriteLine(FormattableString.Invariant($"accuracy {report.Accuracy:F4} on {report.Support} samples"));
        console.Write(Tables.Report(report));
        console.Write(Tables.Confusion(confusion, classes));
        console.Write(Tables.Scores(scores));
        return ExitCode.Ok;
    }

    private static int PrintRegression(Regressor model, ModelInput input, bool json, Terminal terminal)
    {
        var actual = input.Values!;
        var predicted = model.Predict(input.Features);
        IReadOnlyList<string> names = model.TargetNames;
        var all = RegressionScores.Compute(actual, predicted);
        var scores = MetricSummary.Regression(actual, predicted);
        if (json)
        {
            var each = names.Zip(RegressionScores.EachTarget(actual, predicted), (name, s) => (name, s));
            terminal.Out.WriteLine(JsonSerializer.Serialize(new
            {
                samples = actual.Rows,
                targets = names,
                mse = all.Mse,
                rmse = all.Rmse,
                mae = all.Mae,
                r2 = all.R2,
                per_target = each.Select(e => new { e.name, mse = e.s.Mse, rmse = e.s.Rmse, mae = e.s.Mae, r2 = e.s.R2 }),
                metrics = scores,
            }));
            return ExitCode.Ok;
        }
        terminal.Out.WriteLine(FormattableString.Invariant($"{all} on {actual.Rows} samples"));
        var console = Tables.ConsoleFor(terminal);
        console.Write(RegressionScores.PerTarget("regression scores", names, actual, predicted));
        console.Write(Tables.Scores(scores));
        return ExitCode.Ok;
    }

    private static object Scores(ClassScores s) => new { name = s.Name, precision = s.Precision, recall = s.Recall, f1 = s.F1, support = s.Support };
}
