using System.Globalization;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet train</c>, <c>predict</c> and <c>evaluate</c> on a generated raw table with gaps and a text column: the
/// preprocessing is inferred, said in one line, fitted on the training file, saved in the card, and applied to new
/// raw rows with empty cells and an unseen category. <c>--impute none</c> keeps the numeric reader's refusal.
/// </summary>
public class TableCommandTests
{
    // y is "yes" when a + (1 for red, −0.5 otherwise) > 0; about one cell in ten of "a" and of "colour" is missing.
    internal static (string Text, int Gaps) Table(int seed, int rows)
    {
        var random = new Random(seed);
        int gaps = 0;
        var lines = new List<string> { "id,a,colour,b,y" };
        for (int i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 4 - 2, b = random.NextDouble();
            string colour = new[] { "red", "green", "blue" }[random.Next(3)];
            string y = a + (colour == "red" ? 1 : -0.5) > 0 ? "yes" : "no";
            bool aGap = random.NextDouble() < 0.1, colourGap = random.NextDouble() < 0.1;
            gaps += (aGap ? 1 : 0) + (colourGap ? 1 : 0);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{(aGap ? "" : a.ToString("F3", CultureInfo.InvariantCulture))},{(colourGap ? "NA" : colour)},{b:F3},{y}"));
        }
        return (string.Join("\n", lines) + "\n", gaps);
    }

    [Fact]
    public void A_checkpoint_of_a_table_run_is_resumed_only_with_the_same_table_options()
    {
        // The fingerprint once printed the column lists by their type name, so another --drop resumed silently.
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", Table(3, 60).Text);
        string[] common = ["train", "--data", data, "--label", "y", "--layers", "4", "--optimizer", "adam", "--batch-size", "16", "-q"];
        Assert.Equal(0, Fnet.InProcess([.. common, "--drop", "id", "--epochs", "4", "--checkpoint-every", "2", "--out", dir["a"]]).ExitCode);
        Fnet.AssertOneLineError(Fnet.InProcess([.. common, "--drop", "b", "--epochs", "6", "--resume", dir["a"], "--out", dir["b"]]),
            "was made by a run with other settings");
        Assert.Equal(0, Fnet.InProcess([.. common, "--drop", "id", "--epochs", "6", "--resume", dir["a"], "--out", dir["c"]]).ExitCode);
    }

    [Fact]
    public void A_table_with_gaps_and_text_trains_says_what_it_inferred_and_predicts_raw_rows_with_gaps_and_unseen_categories()
    {
        using var dir = new TempDirectory();
        var (train, gaps) = Table(1, 120);
        string data = dir.Write("t.csv", train), test = dir.Write("t2.csv", Table(2, 40).Text);
        var run = Fnet.InProcess("train", "--data", data, "--test-data", test, "--label", "y", "--drop", "id", "--epochs", "150", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"table    2 numeric, 1 categorical column (one-hot) → 5 features; {gaps} missing cells imputed (median, most-frequent)\n", run.Out, StringComparison.Ordinal);
        string card = File.ReadAllText(Path.Combine(dir["m"], "model.json"));
        Assert.Contains("\"colour=red\"", card, StringComparison.Ordinal);
        Assert.Contains("\"table\"", card, StringComparison.Ordinal);

        // Columns in another order, an empty number, a missing and an unseen category: every row is predicted.
        string rows = dir.Write("new.csv", "colour,b,a\npurple,0.5,\n,?,1.5\nred,0.1,-1.5\n");
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", rows);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal("", predict.Error);
        Assert.Equal(4, predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var evaluate = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", test);
        Assert.Equal(0, evaluate.ExitCode);
        double accuracy = double.Parse(evaluate.Out.Split('\n')[0].Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.8, evaluate.Out);
    }

    [Fact]
    public void Impute_none_keeps_the_numeric_readers_one_line_refusal_naming_the_cell()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", "a,colour,y\n1,red,yes\n2,blue,no\n");
        var run = Fnet.InProcess("train", "--data", data, "--label", "y", "--impute", "none", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"fnet: {data}, line 2, column 2 (\"colour\"): expected a number, found \"red\" (and 1 more problem(s))\n", run.Error);
    }

    [Fact]
    public void A_file_that_fails_as_numbers_and_as_a_table_says_both_in_one_line()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", "a,colour,y\n1,red,yes\n2,blue,yes\n3,red,yes\n");
        var run = Fnet.InProcess("train", "--data", data, "--label", "y", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"fnet: {data}, line 2, column 2 (\"colour\"): expected a number, found \"red\" (and 2 more problem(s)); read as a table (text one-hot, gaps imputed) "
            + $"it fails too: {data}: the training rows have a single class 'yes'; classification needs at least 2\n", run.Error);
    }

    [Fact]
    public void A_column_with_no_value_in_the_training_rows_is_refused_in_one_line()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", "a,empty,y\n1,,yes\n2,NA,no\n3,?,yes\n4,,no\n");
        var run = Fnet.InProcess("train", "--data", data, "--test-data", data, "--label", "y", "--out", dir["m"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.EndsWith($"it fails too: {data}: column \"empty\" has no value in any of the 4 training rows; drop it (--drop empty)\n", run.Error, StringComparison.Ordinal);
        // Asked for as a table, the table's problem is the whole line.
        run = Fnet.InProcess("train", "--data", data, "--test-data", data, "--label", "y", "--missing-indicator", "--out", dir["m"]);
        Assert.Equal($"fnet: {data}: column \"empty\" has no value in any of the 4 training rows; drop it (--drop empty)\n", run.Error);
        Assert.False(Directory.Exists(dir["m"]) && File.Exists(Path.Combine(dir["m"], "model.json")));
    }
}
