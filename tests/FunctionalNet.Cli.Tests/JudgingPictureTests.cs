using System.Globalization;
using System.Text;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;
using FunctionalNet.Tensors;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet evaluate --plots</c> and <c>fnet importance --plots</c>: the pictures show the library's numbers and keep their labels apart.</summary>
public class JudgingPictureTests
{
    // Three classes on a line, two features (x1 noise), with long class names.
    private static (string Csv, double[][] Rows, int[] Labels) Three(TempDirectory dir)
    {
        string[] names = ["small flowers", "middling flowers", "large flowers"];
        var text = new StringBuilder("width,noise,kind\n");
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (int i = 0; i < 60; i++)
        {
            int y = i % 3;
            double x0 = y * 1.2 + (i * 0.37 % 1) - 0.5, x1 = i * 0.61 % 1;
            rows.Add([x0, x1]);
            labels.Add(y);
            text.Append(CultureInfo.InvariantCulture, $"{x0:R},{x1:R},{names[y]}\n");
        }
        return (dir.Write("three.csv", text.ToString()), [.. rows], [.. labels]);
    }

    private static void AssertReadable(string svg)
    {
        Assert.Empty(Overlaps(svg));
        Assert.Empty(Outside(svg));
    }

    [Fact]
    public void Evaluate_plots_draw_one_curve_per_class_with_the_librarys_auc_and_keep_the_json_one_object()
    {
        using var dir = new TempDirectory();
        var (csv, rows, labels) = Three(dir);
        var train = Fnet.InProcess("train", "--data", csv, "--epochs", "30", "--out", dir["m"], "-q");
        Assert.True(train.ExitCode == 0, train.Error);
        var run = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", csv, "--plots", dir["pictures/new"], "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var _ = JsonDocument.Parse(run.Out);
        Assert.Equal(["precision-recall.svg", "reliability.svg", "roc.svg"], Directory.GetFiles(dir["pictures/new"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var model = ModelFiles.LoadClassifier(dir["m"]).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var p = model.PredictProba(Matrix<double>.FromRows(rows));
        var classOf = model.Classes.Select((name, c) => (name, c)).ToDictionary(t => t.name, t => t.c);
        string[] names = ["small flowers", "middling flowers", "large flowers"];
        int[] actual = [.. labels.Select(y => classOf[names[y]])];
        string roc = File.ReadAllText(dir["pictures/new/roc.svg"]);
        string[] expected = [.. model.Classes.Select((name, c) => string.Create(CultureInfo.InvariantCulture,
            $"{name} (AUC {RocAuc.Binary([.. actual.Select(y => y == c ? 1 : 0)], [.. Enumerable.Range(0, rows.Length).Select(r => p[r, c])]).Match(v => v, e => double.NaN):F3})")), "chance (AUC 0.5)"];
        Assert.Equal(expected, Elements(roc, "text", "legend").Select(t => t.Value));
        Assert.Equal(3, Elements(roc, "polyline", "curve").Length);
        string reliability = File.ReadAllText(dir["pictures/new/reliability.svg"]);
        Assert.Equal(["mean top-class probability", "accuracy", "top-class probability", "rows"], Elements(reliability, "text", "axis-label").Select(t => t.Value));
        Assert.Equal(10, Elements(reliability, "rect", "bar").Length);
        foreach (var svg in Directory.GetFiles(dir["pictures/new"])) AssertReadable(File.ReadAllText(svg));

        var table = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", csv, "--plots", dir["png"], "--plot-format", "png");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains($"drew     {dir["png/roc.png"]}", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Importance_plots_draw_a_bar_per_feature_in_the_order_of_the_json_means()
    {
        using var dir = BadInputTests.TrainedModel();
        string csv = dir.Write("data.csv", "x0,x1,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 1 ? 1.5 : -1.5) + i % 5 * 0.1},{i * 7 % 13 / 13.0 - 0.5},{i % 2}\n"))));
        var run = Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--repeats", "3", "--json", "--plots", dir["p"]);
        Assert.True(run.ExitCode == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var byMean = doc.RootElement.GetProperty("features").EnumerateArray().OrderByDescending(f => f.GetProperty("mean").GetDouble())
            .Select(f => f.GetProperty("name").GetString()).ToArray();
        string svg = File.ReadAllText(dir["p/importance.svg"]);
        Assert.Equal(byMean, Elements(svg, "text", "feature-label").Select(t => t.Value));
        Assert.Equal(2, Elements(svg, "line", "whisker").Length);
        AssertReadable(svg);
    }

    [Fact]
    public void A_bad_plot_format_or_an_unusable_plots_directory_is_one_line()
    {
        using var dir = BadInputTests.TrainedModel();
        string csv = dir.Write("d.csv", "x0,x1,label\n0,0,0\n1,1,1\n");
        Fnet.AssertOneLineError(Fnet.InProcess("evaluate", "--model", dir["m"], "--data", csv, "--plots", dir["p"], "--plot-format", "gif"),
            "--plot-format 'gif' is not one of svg, png");
        string file = dir.Write("taken", "a file, not a directory");
        Fnet.AssertOneLineError(Fnet.InProcess("importance", "--model", dir["m"], "--data", csv, "--plots", file), "plots directory");
        Assert.Equal("a file, not a directory", File.ReadAllText(file));
    }
}
