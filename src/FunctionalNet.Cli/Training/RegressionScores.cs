using System.Globalization;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Tensors;
using Spectre.Console;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// A regression's scores on one set of rows, in the targets' own units, each averaged uniformly over the targets
/// (scikit-learn's <c>multioutput="uniform_average"</c>, so RMSE is the mean of per-target RMSEs).
/// </summary>
internal sealed record RegressionScores(double Mse, double Rmse, double Mae, double R2)
{
    public static RegressionScores Compute(Matrix<double> actual, Matrix<double> predicted) => new(
        RegressionMetrics.MeanSquaredError(actual, predicted), RegressionMetrics.RootMeanSquaredError(actual, predicted),
        RegressionMetrics.MeanAbsoluteError(actual, predicted), RegressionMetrics.R2(actual, predicted));

    /// <summary>The scores as metrics named <c>{part}_mse</c>, <c>{part}_rmse</c>, <c>{part}_mae</c>, <c>{part}_r2</c>.</summary>
    public IEnumerable<KeyValuePair<string, double>> Named(string part) =>
        [new($"{part}_mse", Mse), new($"{part}_rmse", Rmse), new($"{part}_mae", Mae), new($"{part}_r2", R2)];

    /// <summary>One line, e.g. <c>MSE 1.234, RMSE 1.111, MAE 0.9, R² 0.9512</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"MSE {G(Mse)}, RMSE {G(Rmse)}, MAE {G(Mae)}, R² {R2:F4}");

    /// <summary>Each target's scores and their uniform average, as a table.</summary>
    public static Table PerTarget(string title, IReadOnlyList<string> names, Matrix<double> actual, Matrix<double> predicted)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumn("target");
        foreach (string column in new[] { "MSE", "RMSE", "MAE", "R²" }) table.AddColumn(new TableColumn(column).RightAligned());
        void Row(string name, RegressionScores s) => table.AddRow(Markup.Escape(name), G(s.Mse), G(s.Rmse), G(s.Mae), s.R2.ToString("F4", CultureInfo.InvariantCulture));
        foreach (var (name, scores) in names.Zip(EachTarget(actual, predicted))) Row(name, scores);
        if (names.Count > 1) Row("uniform average", Compute(actual, predicted));
        return table;
    }

    /// <summary>The scores of each target (column) alone.</summary>
    public static IReadOnlyList<RegressionScores> EachTarget(Matrix<double> actual, Matrix<double> predicted) =>
        [.. Enumerable.Range(0, actual.Cols).Select(j => Compute(RegressionFiles.SelectColumns(actual, [j]), RegressionFiles.SelectColumns(predicted, [j])))];

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
