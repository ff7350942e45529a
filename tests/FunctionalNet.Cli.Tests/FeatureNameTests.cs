using System.Globalization;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// predict and evaluate match CSV columns to the model's feature names (scikit-learn ≥ 1.2 refuses reordered or
/// missing names; here reordered ones are put back in order): a file with the same headers in another order predicts
/// exactly as the original, and a missing or unexpected column is one error line, exit 2. Names are real because the
/// file had a header, however they are spelled: scikit-learn's default names x0, x1, … are names too.
/// </summary>
public class FeatureNameTests
{
    private static readonly string[] Columns = ["width", "height", "depth", "kind"];

    // Three features, two classes that depend on all three (so a column swap changes predictions), label last.
    private static string[][] Rows() => [.. Enumerable.Range(0, 60).Select(i =>
    {
        double w = (i * 37 % 60) / 10.0, h = (i * 11 % 60) / 10.0, d = (i * 7 % 60) / 20.0;
        return new[] { w, h, d }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(w - h + d > 1.5 ? "big" : "small").ToArray();
    })];

    private static string Csv(int[] order, string[]? names = null, bool header = true)
    {
        var head = header ? string.Join(',', order.Select(c => (names ?? Columns)[c])) + "\n" : "";
        return head + string.Join("\n", Rows().Select(r => string.Join(',', order.Select(c => r[c])))) + "\n";
    }

    // The real names, and scikit-learn's defaults (pandas writes them as a header from a bare array).
    public static TheoryData<string[]> Headers => new() { Columns, new[] { "x0", "x1", "x2", "label" } };

    private static string Trained(TempDirectory dir, string[]? names = null)
    {
        string train = dir.Write("train.csv", Csv([0, 1, 2, 3], names));
        var run = Fnet.InProcess("train", "--data", train, "--label", (names ?? Columns)[3], "--layers", "8", "--epochs", "300", "--out", dir["m"], "-q");
        Assert.True(run.ExitCode == 0, run.Error);
        return dir["m"];
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Reordered_columns_predict_and_evaluate_exactly_as_the_original_order(string[] names)
    {
        using var dir = new TempDirectory();
        string model = Trained(dir, names);
        string original = dir.Write("original.csv", Csv([0, 1, 2, 3], names));
        string reordered = dir.Write("reordered.csv", Csv([2, 3, 0, 1], names));
        var expected = Fnet.InProcess("predict", "--model", model, "--data", original, "--proba");
        var found = Fnet.InProcess("predict", "--model", model, "--data", reordered, "--proba");
        Assert.Equal(0, found.ExitCode);
        Assert.Equal(expected.Out, found.Out);
        // The swap matters: the same numbers read by position give other outputs.
        string positional = dir.Write("positional.csv", Csv([2, 0, 1, 3], names).Split('\n', 2)[1]);
        Assert.NotEqual(expected.Out, Fnet.InProcess("predict", "--model", model, "--data", positional, "--proba").Out);
        Assert.Equal(Fnet.InProcess("evaluate", "--model", model, "--data", original, "--json").Out,
            Fnet.InProcess("evaluate", "--model", model, "--data", reordered, "--json").Out);
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void A_missing_column_is_refused_in_one_line_by_predict_and_evaluate(string[] names)
    {
        using var dir = new TempDirectory();
        string model = Trained(dir, names);
        // Without the last feature the names left are x0, x1: a prefix of the placeholders a header-less file gets.
        string short_ = dir.Write("short.csv", Csv([0, 1, 3], names));
        foreach (string command in new[] { "predict", "evaluate" })
        {
            var run = Fnet.InProcess(command, "--model", model, "--data", short_);
            Assert.Equal(2, run.ExitCode);
            Fnet.AssertOneLineError(run, $"{short_} does not have the model's feature columns: missing '{names[2]}' (the model expects '{names[0]}', '{names[1]}', '{names[2]}')");
        }
    }

    [Fact]
    public void Missing_and_unexpected_columns_are_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        string renamed = dir.Write("renamed.csv", Csv([0, 1, 2, 3], ["width", "length", "depth", "kind"]));
        var predict = Fnet.InProcess("predict", "--model", model, "--data", renamed);
        Assert.Equal(2, predict.ExitCode);
        Fnet.AssertOneLineError(predict, "does not have the model's feature columns: missing 'height'; unexpected 'length' (the model expects 'width', 'height', 'depth')");
        var evaluate = Fnet.InProcess("evaluate", "--model", model, "--data", renamed);
        Assert.Equal(2, evaluate.ExitCode);
        Fnet.AssertOneLineError(evaluate, "missing 'height'; unexpected 'length'");
        string short_ = dir.Write("short.csv", Csv([0, 2, 3]));
        Fnet.AssertOneLineError(Fnet.InProcess("predict", "--model", model, "--data", short_), "missing 'height' (the model expects");
    }

    [Fact]
    public void Header_less_rows_are_matched_by_position_with_the_count_checked()
    {
        using var dir = new TempDirectory();
        string model = Trained(dir);
        var expected = Fnet.InProcess("predict", "--model", model, "--data", dir.Write("named.csv", Csv([0, 1, 2, 3])), "--proba");
        var bare = Fnet.InProcess("predict", "--model", model, "--data", dir.Write("bare.csv", Csv([0, 1, 2], header: false)), "--proba");
        Assert.Equal(0, bare.ExitCode);
        Assert.Equal(expected.Out, bare.Out);
        var narrow = Fnet.InProcess("predict", "--model", model, "--data", dir.Write("narrow.csv", Csv([0, 1], header: false)));
        Assert.Equal(2, narrow.ExitCode);
        Fnet.AssertOneLineError(narrow, "has 2 feature columns but the model expects 3");
    }
}
