using System.Globalization;
using System.Text;
using System.Text.Json;
using FunctionalNet.IO;
using FunctionalNet.Tensors;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class ImportanceCommandTests
{
    // Two clusters told apart by x0 alone; x1 is noise, so it should matter less.
    private static (string Csv, double[][] Rows, int[] Labels) Data(TempDirectory dir)
    {
        var rows = new List<double[]>();
        var labels = new List<int>();
        var text = new StringBuilder("x0,x1,label\n");
        for (int i = 0; i < 40; i++)
        {
            int y = i % 2;
            double x0 = (y == 1 ? 1.5 : -1.5) + (i % 5) * 0.1, x1 = (i * 7 % 13) / 13.0 - 0.5;
            rows.Add([x0, x1]);
            labels.Add(y);
            text.Append(CultureInfo.InvariantCulture, $"{x0:R},{x1:R},{y}\n");
        }
        return (dir.Write("data.csv", text.ToString()), [.. rows], [.. labels]);
    }

    [Fact]
    public void Json_equals_the_library_function_with_the_same_seed()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, rows, labels) = Data(dir);
        var run = Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--repeats", "4", "--seed", "9", "--metric", "balanced-accuracy", "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        var model = ModelFiles.LoadClassifier(dir["m"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var expected = PermutationImportance.Compute(Matrix<double>.FromRows(rows),
            x => BalancedAccuracy.Compute(labels, model.PredictIndices(x)), 4, Rng.Create(9));
        Assert.Equal("balanced-accuracy", root.GetProperty("metric").GetString());
        Assert.Equal(expected.Baseline, root.GetProperty("baseline").GetDouble());
        var features = root.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(["x0", "x1"], features.Select(f => f.GetProperty("name").GetString()));
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(expected.Features[j].Mean, features[j].GetProperty("mean").GetDouble());
            Assert.Equal(expected.Features[j].StandardDeviation, features[j].GetProperty("std").GetDouble());
            Assert.Equal(expected.Features[j].Drops, features[j].GetProperty("drops").EnumerateArray().Select(d => d.GetDouble()));
        }
        var table = Fnet.InProcess("importance", "--model", dir["m"], "--data", csv);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("mean drop", table.Out, StringComparison.Ordinal);
    }

    // The catalog's scikit-learn name and the CLI's older alias are the same scorer: the same numbers.
    [Theory]
    [InlineData("matthews_corrcoef", "mcc")]
    [InlineData("neg_log_loss", "log-loss")]
    [InlineData("roc_auc", "roc-auc")]
    public void A_scikit_learn_name_and_its_alias_rank_alike(string name, string alias)
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, _, _) = Data(dir);
        string[] Run(string metric)
        {
            var run = Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--repeats", "3", "--seed", "4", "--metric", metric, "--json");
            Assert.True(run.ExitCode == 0, run.Error);
            using var doc = JsonDocument.Parse(run.Out);
            return [doc.RootElement.GetProperty("baseline").GetRawText(), doc.RootElement.GetProperty("features").GetRawText()];
        }
        Assert.Equal(Run(alias), Run(name));
        Fnet.AssertOneLineError(Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--metric", "neg_mean_squared_error"),
            "is not a classifier metric; expected one of accuracy, balanced_accuracy, f1_macro, matthews_corrcoef, neg_log_loss, roc_auc, average_precision");
    }

    [Fact]
    public void A_metric_the_model_cannot_take_or_an_undefined_one_is_a_one_line_error()
    {
        using var dir = BadInputTests.TrainedModel();
        var (csv, _, _) = Data(dir);
        Fnet.AssertOneLineError(Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--metric", "r2"), "--metric r2 is not a classifier metric");
        Fnet.AssertOneLineError(Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--repeats", "0"), "--repeats must be at least 1, found 0");
        string one = dir.Write("one.csv", "x0,x1,label\n1,2,1\n3,4,1\n");
        Fnet.AssertOneLineError(Fnet.InProcess("importance", "--model", dir["m"], "--data", one, "--metric", "roc-auc"), "ROC AUC is undefined when only one class is present");
    }
}
