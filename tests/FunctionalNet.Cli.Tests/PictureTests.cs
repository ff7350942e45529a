using System.Globalization;
using FunctionalNet.Cli.Tests.Support;
using static FunctionalNet.Plots.Tests.Support.SvgPicture;

namespace FunctionalNet.Cli.Tests;

/// <summary>The pictures <c>fnet train</c> writes: named axes, a title saying what was trained, readable labels, SVG or PNG.</summary>
public class PictureTests
{
    // Two overlapping blobs with named columns and long class names, as a user's CSV would have them.
    private static string Flowers(TempDirectory dir)
    {
        var rows = Enumerable.Range(0, 80).Select(i =>
        {
            double a = i * 0.37 % 1, b = i * 0.61 % 1;
            return i % 2 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{4 + a:F3},{1.2 + b:F3},Iris-versicolor")
                : string.Create(CultureInfo.InvariantCulture, $"{4.8 + a:F3},{1.8 + b:F3},Iris-virginica");
        });
        File.WriteAllLines(dir["flowers.csv"], ["petal length,petal width,species", .. rows]);
        return dir["flowers.csv"];
    }

    [Fact]
    public void Pictures_name_the_features_and_what_was_trained_and_keep_their_labels_apart()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", Flowers(dir), "--epochs", "60", "--validation-split", "0.2", "--out", dir["m"], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        string boundary = File.ReadAllText(dir["m/boundary.svg"]), loss = File.ReadAllText(dir["m/loss.svg"]), confusion = File.ReadAllText(dir["m/confusion.svg"]);
        Assert.Equal(["petal length", "petal width"], Elements(boundary, "text", "axis-label").Select(t => t.Value));
        Assert.StartsWith("flowers.csv: 2-5-5-2 tanh/softmax by gd", Elements(boundary, "text", "title").Single().Value, StringComparison.Ordinal);
        Assert.Contains("Iris-versicolor", Elements(boundary, "text", "legend").Select(t => t.Value));
        Assert.Single(Elements(boundary, "path", "boundary-line"));
        Assert.Single(Elements(loss, "polyline", "validation"));
        Assert.Single(Elements(loss, "line", "kept-epoch"));
        Assert.Equal(["predicted class", "true class", "predicted class", "true class"], Elements(confusion, "text", "axis-label").Select(t => t.Value));
        // Two classes: class 1's ROC and precision–recall curves, and the reliability of P(Iris-virginica).
        string roc = File.ReadAllText(dir["m/roc.svg"]), pr = File.ReadAllText(dir["m/precision-recall.svg"]), reliability = File.ReadAllText(dir["m/reliability.svg"]);
        Assert.StartsWith("Iris-virginica (AUC ", Elements(roc, "text", "legend")[0].Value, StringComparison.Ordinal);
        Assert.Single(Elements(pr, "polyline", "curve"));
        Assert.Equal(["mean P(Iris-virginica)", "fraction Iris-virginica", "P(Iris-virginica)", "rows"], Elements(reliability, "text", "axis-label").Select(t => t.Value));
        foreach (var svg in new[] { boundary, loss, confusion, roc, pr, reliability })
        {
            Assert.Empty(Overlaps(svg));
            Assert.Empty(Outside(svg));
        }
    }

    [Fact]
    public void Plot_format_png_writes_the_same_pictures_as_png()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "20", "--plot-format", "png", "--out", dir["m"], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([".fnet.lock", "boundary.png", "confusion.png", "history.csv", "loss.png", "model.json", "model.safetensors", "precision-recall.png", "reliability.png", "roc.png"],
            Directory.GetFiles(dir["m"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G'];
        Assert.All(Directory.GetFiles(dir["m"], "*.png"), f => Assert.Equal(signature, File.ReadAllBytes(f).Take(4)));
    }

    [Fact]
    public void An_unknown_plot_format_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "40", "--epochs", "3", "--plot-format", "gif", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "--plot-format 'gif' is not one of svg, png");
        Assert.False(Directory.Exists(dir["m"]) && Directory.EnumerateFileSystemEntries(dir["m"]).Any());
    }
}
