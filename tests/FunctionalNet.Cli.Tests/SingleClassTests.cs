using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A file holding one of the model's classes (all the 7s) can be scored: evaluate reports every model class, absent
/// ones with zero support as scikit-learn's <c>classification_report(labels=…)</c> does, and predict labels it.
/// Training on one class is still refused.
/// </summary>
public class SingleClassTests
{
    private static string Row(string colour, double x, double y) =>
        string.Create(CultureInfo.InvariantCulture, $"{colour},{x},{y}");

    // Three well-separated clusters: red near (0, 1), blue near (3, −2), green near (−3, −2).
    private static IEnumerable<string> Cluster(string colour, double x, double y, int count) =>
        Enumerable.Range(0, count).Select(i => Row(colour, x + 0.02 * (i % 5), y - 0.02 * (i % 7)));

    private static string Trained(TempDirectory dir)
    {
        string csv = dir.Write("train.csv", "colour,width,height\n" + string.Join("\n",
            Cluster("red", 0, 1, 20).Concat(Cluster("blue", 3, -2, 20)).Concat(Cluster("green", -3, -2, 20))) + "\n");
        Assert.Equal(0, Fnet.InProcess("train", "--data", csv, "--label", "colour", "--epochs", "300", "--out", dir["m"], "-q").ExitCode);
        return dir["m"];
    }

    [Fact]
    public void Evaluate_on_a_file_of_one_class_reports_every_model_class_and_the_confusion_matrix()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        // Ten reds where reds are, and three points labelled red that lie among the blues: the model calls those blue.
        string reds = dir.Write("reds.csv", "colour,width,height\n" + string.Join("\n", Cluster("red", 0, 1, 10).Concat(Cluster("red", 3, -2, 3))) + "\n");

        var predict = Fnet.InProcess("predict", "--model", model, "--data", reds);
        Assert.Equal(0, predict.ExitCode);
        string[] predicted = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal([.. Enumerable.Repeat("red", 10), .. Enumerable.Repeat("blue", 3)], predicted);

        var run = Fnet.InProcess("evaluate", "--model", model, "--data", reds, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(13, root.GetProperty("samples").GetInt32());
        Assert.Equal(10 / 13.0, root.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(["blue", "green", "red"], root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        // (name, precision, recall, f1, support) as classification_report(labels=[0, 1, 2], zero_division=0) gives them.
        var rows = root.GetProperty("report").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("precision").GetDouble(), r.GetProperty("recall").GetDouble(),
                r.GetProperty("f1").GetDouble(), r.GetProperty("support").GetInt32())).ToArray();
        double redF1 = 2 * 1.0 * (10 / 13.0) / (1.0 + 10 / 13.0);
        Assert.Equal([("blue", 0.0, 0.0, 0.0, 0), ("green", 0.0, 0.0, 0.0, 0), ("red", 1.0, 10 / 13.0, redF1, 13)], rows);
        Assert.Equal(redF1 / 3, root.GetProperty("macro_avg").GetProperty("f1").GetDouble(), 12);
        Assert.Equal(redF1, root.GetProperty("weighted_avg").GetProperty("f1").GetDouble(), 12);
        int[][] confusion = [.. root.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray())];
        Assert.Equal([[0, 0, 0], [0, 0, 0], [3, 0, 10]], confusion);

        var table = Fnet.InProcess("evaluate", "--model", model, "--data", reds);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("accuracy 0.7692 on 13 samples", table.Out, StringComparison.Ordinal);
        Assert.Contains("green", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_takes_a_file_of_one_class_with_or_without_its_label_column()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        string greens = dir.Write("greens.csv", "colour,width,height\n" + string.Join("\n", Cluster("green", -3, -2, 4)) + "\n");
        string bare = dir.Write("bare.csv", "width,height\n" + string.Join("\n", Cluster("green", -3, -2, 4).Select(r => r["green,".Length..])) + "\n");
        var labelled = Fnet.InProcess("predict", "--model", model, "--data", greens, "--proba");
        var unlabelled = Fnet.InProcess("predict", "--model", model, "--data", bare, "--proba");
        Assert.Equal(0, labelled.ExitCode);
        Assert.Equal(labelled, unlabelled);
        Assert.Equal(["green", "green", "green", "green"], labelled.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Numeric_labels_of_one_class_are_scored_against_the_model_classes()
    {
        using var dir = new TempDirectory();
        var train = Fnet.InProcess("train", "--data", "moons", "--samples", "120", "--epochs", "200", "--out", dir["m"], "-q");
        Assert.Equal(0, train.ExitCode);
        string ones = dir.Write("ones.csv", "x0,x1,label\n1,-0.5,1\n2,0.25,1\n");
        var run = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", ones, "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["0", "1"], json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([0, 2], json.RootElement.GetProperty("report").EnumerateArray().Select(r => r.GetProperty("support").GetInt32()));
    }

    [Fact]
    public void Training_on_one_class_is_still_refused_with_the_file_and_column()
    {
        using var dir = new TempDirectory();
        string reds = dir.Write("reds.csv", "colour,width,height\n" + string.Join("\n", Cluster("red", 0, 1, 10)) + "\n");
        var run = Fnet.InProcess("train", "--data", reds, "--label", "colour", "--out", dir["m"], "-q");
        Fnet.AssertOneLineError(run, $"{reds}, column 1 (\"colour\"): expected at least 2 classes for classification, found only \"red\" in all 10 rows");
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }
}
