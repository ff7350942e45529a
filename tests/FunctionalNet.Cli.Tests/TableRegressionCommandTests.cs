using System.Globalization;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train --task regression</c> on a raw table with gaps and a text column: the preprocessing is fitted and
/// kept in the card as for a classification, and <c>predict</c> and <c>evaluate</c> take raw rows.
/// </summary>
public class TableRegressionCommandTests
{
    [Fact]
    public void A_regression_on_a_table_with_gaps_and_text_predicts_and_scores_raw_rows()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", RawTables.Csv(1, 150)), test = dir.Write("t2.csv", RawTables.Csv(2, 50));
        var run = Fnet.InProcess("train", "--data", data, "--test-data", test, "--label", "v", "--task", "regression", "--drop", "id,y",
            "--layers", "8", "--optimizer", "adam", "--lr", "0.02", "--batch-size", "16", "--epochs", "60", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("table    2 numeric, 1 categorical column (one-hot) → 5 features;", run.Out, StringComparison.Ordinal);
        string card = File.ReadAllText(Path.Combine(dir["m"], "model.json"));
        Assert.Contains("\"colour=red\"", card, StringComparison.Ordinal);
        Assert.Contains("\"task\": \"regression\"", card, StringComparison.Ordinal);

        // Raw rows in another order, with a gap, a missing category and an unseen one: one value each.
        string rows = dir.Write("new.csv", "colour,w,a\npurple,1,0.5\n,2,\nred,1,-1.5\n");
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", rows);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal("", predict.Error);
        var lines = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines[1..], l => Assert.True(double.IsFinite(double.Parse(l, CultureInfo.InvariantCulture)), l));

        var evaluate = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", test);
        Assert.Equal(0, evaluate.ExitCode);
        double r2 = double.Parse(evaluate.Out.Split('\n')[0].Split("R² ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(r2 > 0.8, evaluate.Out);
    }

    [Fact]
    public void A_gap_in_the_target_column_is_one_line_naming_its_line()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", "a,colour,v\n1,red,0.5\n2,blue,\n3,red,1.5\n4,blue,2\n");
        var run = Fnet.InProcess("train", "--data", data, "--label", "v", "--task", "regression", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith($"{data}, line 3, column \"v\": expected a target value, found a missing cell\n", run.Error, StringComparison.Ordinal);
        Assert.Single(run.ErrorLines);
    }
}
