using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Training options on a raw table: <c>--weight-column</c> takes the weights out of the features, <c>--init-from</c>
/// continues a model only on a table that makes its features, and <c>--missing-values</c> is recorded in the card and
/// used when predicting raw rows.
/// </summary>
public class TableTrainingOptionsTests
{
    private static readonly string[] Quick = ["--label", "y", "--layers", "4", "--optimizer", "adam", "--batch-size", "16", "--epochs", "5", "-q"];

    [Fact]
    public void A_weight_column_of_a_table_weighs_the_rows_and_is_not_a_feature()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", RawTables.Csv(1, 80));
        Assert.Equal(0, Fnet.InProcess(["train", "--data", data, "--drop", "id,v", "--weight-column", "w", .. Quick, "--out", dir["w"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess(["train", "--data", data, "--drop", "id,v,w", .. Quick, "--out", dir["u"]]).ExitCode);
        string weighted = File.ReadAllText(Path.Combine(dir["w"], "model.json")), plain = File.ReadAllText(Path.Combine(dir["u"], "model.json"));
        Assert.DoesNotContain("\"name\": \"w\"", weighted, StringComparison.Ordinal);
        // The same features either way; the weights change the fit.
        Assert.Equal(Section(plain, "\"features\""), Section(weighted, "\"features\""));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir["w"], "model.safetensors")), File.ReadAllBytes(Path.Combine(dir["u"], "model.safetensors")));

        string negative = dir.Write("n.csv", "a,colour,w,y\n1,red,1,yes\n2,blue,-1,no\n3,red,1,yes\n4,,1,no\n");
        var run = Fnet.InProcess(["train", "--data", negative, "--weight-column", "w", "--test-data", negative, .. Quick, "--out", dir["n"]]);
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith($"{negative}, line 3, column \"w\": expected a weight ≥ 0, found -1\n", run.Error, StringComparison.Ordinal);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public void Init_from_continues_a_table_model_on_the_same_columns_and_refuses_others_in_one_line()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", RawTables.Csv(1, 60));
        Assert.Equal(0, Fnet.InProcess(["train", "--data", data, "--drop", "id,v,w", .. Quick, "--out", dir["a"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess(["train", "--data", data, "--drop", "id,v,w", .. Quick, "--init-from", dir["a"], "--out", dir["b"]]).ExitCode);
        Assert.Contains("\"colour=red\"", File.ReadAllText(Path.Combine(dir["b"], "model.json")), StringComparison.Ordinal);

        var other = Fnet.InProcess(["train", "--data", data, "--drop", "id,v", .. Quick, "--init-from", dir["a"], "--out", dir["c"]]);
        Assert.Equal(2, other.ExitCode);
        Assert.Equal("fnet: --init-from: the table makes 5 features but the model takes 4; 'w' is new here; continue it on a table with the same columns and categories\n", other.Error);
        Assert.False(Directory.Exists(dir["c"]));
    }

    [Fact]
    public void The_missing_markers_are_kept_in_the_card_and_read_new_rows()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("t.csv", RawTables.Csv(1, 60, gap: "-"));
        Assert.Equal(0, Fnet.InProcess(["train", "--data", data, "--drop", "id,v,w", "--missing-values", "-", .. Quick, "--out", dir["m"]]).ExitCode);
        Assert.Contains("\"missing_values\": [\n        \"-\"\n      ]", File.ReadAllText(Path.Combine(dir["m"], "model.json")), StringComparison.Ordinal);
        // "-" in the numeric column is a gap, as in training (read with the default markers it was a text cell, refused).
        string rows = dir.Write("new.csv", "a,colour\n-,red\n0.5,-\n");
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", rows);
        Assert.Equal("", predict.Error);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal(3, predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    // The JSON array after a key, as written.
    private static string Section(string json, string key)
    {
        int at = json.IndexOf(key, StringComparison.Ordinal);
        return json[at..json.IndexOf(']', at)];
    }
}
