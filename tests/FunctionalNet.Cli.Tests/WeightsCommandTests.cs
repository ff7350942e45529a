using System.Globalization;
using System.Text.Json.Nodes;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// fnet train with --weight-column, --class-weight and --dropout: resumable bit for bit, reported in the header and the
/// model card, and every bad spelling one line with exit code 2.
/// </summary>
public class WeightsCommandTests
{
    /// <summary>Exported moons with a weight column w before the label: 0.5, 1, 1.5, 2, 0.5, … by row.</summary>
    private static string WeightedMoons(TempDirectory dir, int samples = 100)
    {
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "moons", "--samples", samples.ToString(CultureInfo.InvariantCulture), "--seed", "5",
            "--out", dir["moons.csv"]).ExitCode);
        var lines = File.ReadAllLines(dir["moons.csv"]);
        var weighted = lines.Select((line, i) =>
        {
            int at = line.LastIndexOf(',');
            string w = i == 0 ? "w" : (0.5 * (1 + (i - 1) % 4)).ToString(CultureInfo.InvariantCulture);
            return line[..at] + "," + w + line[at..];
        });
        File.WriteAllLines(dir["weighted.csv"], weighted);
        return dir["weighted.csv"];
    }

    public static TheoryData<string, string, bool> Routes => new()
    {
        { "gd", "0", true }, { "sgd", "0", true }, { "sgd", "16", true }, { "adam", "16", true }, { "rmsprop", "16", true },
        { "lbfgs", "0", false }, { "tnc", "0", false },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_resumed_weighted_dropout_run_ends_bit_identical_to_an_uninterrupted_one(string optimizer, string batch, bool dropout)
    {
        // As CheckpointTests, with sample weights from a column, balanced class weights and (for first-order rules) dropout.
        using var dir = new TempDirectory();
        string data = WeightedMoons(dir);
        string[] common = ["train", "--data", data, "--weight-column", "w", "--class-weight", "balanced", "--layers", "6,5",
            "--optimizer", optimizer, "--batch-size", batch, "--validation-split", "0.2", "-q",
            .. dropout ? new[] { "--dropout", "0.3,0.1", "--lr", "0.05" } : []];
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "30", "--out", dir["whole"]]).ExitCode);
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "15", "--checkpoint-every", "6", "--out", dir["leg1"]]).ExitCode);
        Assert.Equal(12, (int)JsonNode.Parse(File.ReadAllText(dir["leg1/checkpoint/checkpoint.json"]))!["epoch"]!);
        Assert.Equal(0, Fnet.InProcess([.. common, "--epochs", "30", "--resume", dir["leg1"], "--out", dir["leg2"]]).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["whole/model.safetensors"]), File.ReadAllBytes(dir["leg2/model.safetensors"]));
        Assert.Equal(TrainCommandTests.Loaded(dir["whole"]).Card.Metrics, TrainCommandTests.Loaded(dir["leg2"]).Card.Metrics);
        Assert.Equal(File.ReadAllText(dir["whole/loss.svg"]), File.ReadAllText(dir["leg2/loss.svg"]));
        // A checkpoint made with other weights or dropout is not resumed.
        string[] other = [.. common.Select(a => a == "balanced" ? "0=2" : a), "--epochs", "30", "--resume", dir["leg1"], "--out", dir["leg3"]];
        Fnet.AssertOneLineError(Fnet.InProcess(other), "was made by a run with other settings");
    }

    [Fact]
    public void The_header_and_the_card_say_which_weights_and_dropout_were_used()
    {
        using var dir = new TempDirectory();
        string data = WeightedMoons(dir);
        var run = Fnet.InProcess("train", "--data", data, "--weight-column", "w", "--class-weight", "0=5,1=1", "--dropout", "0.2",
            "--epochs", "20", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("weights  class weights given (0=5, 1=1); sample weights from column \"w\"; dropout 0.2", run.Out, StringComparison.Ordinal);
        var card = TrainCommandTests.Loaded(dir["m"]).Card;
        Assert.Equal(new Dictionary<string, double> { ["0"] = 5, ["1"] = 1 }, card.Training!.ClassWeights);
        // The weight column is no feature.
        Assert.Equal(["x0", "x1"], card.Preprocessing.Features.ToArray());

        var plain = Fnet.InProcess("train", "--data", data, "--epochs", "5", "--out", dir["p"]);
        Assert.DoesNotContain("weights ", plain.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("class_weights", File.ReadAllText(dir["p/model.json"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Balanced_class_weights_are_computed_on_the_training_part()
    {
        using var dir = new TempDirectory();
        // 30 rows of class a, 10 of class b; the stratified 25 % test split leaves 22 and 8 (scikit-learn's ceil rule).
        var rows = Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{(i < 30 ? "a" : "b")}");
        string data = dir.Write("skewed.csv", "p,q,y\n" + string.Join("\n", rows) + "\n");
        var run = Fnet.InProcess("train", "--data", data, "--class-weight", "balanced", "--epochs", "3", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var weights = TrainCommandTests.Loaded(dir["m"]).Card.Training!.ClassWeights!;
        Assert.Equal(30.0 / (2 * 22), weights["a"], 15);
        Assert.Equal(30.0 / (2 * 8), weights["b"], 15);
    }

    [Theory]
    [InlineData("--weight-column", "nope", "expected a weight column named \"nope\", found \"x0\", \"x1\", \"w\"")]
    [InlineData("--class-weight", "0=5,2=1", "class weights: no class is named '2'; the classes are 0, 1")]
    [InlineData("--class-weight", "0:5", "--class-weight '0:5': expected balanced or CLASS=WEIGHT pairs")]
    [InlineData("--class-weight", "0=-1", "the weight of class '0' must be a finite number ≥ 0, found -1")]
    [InlineData("--dropout", "1", "--dropout '1': expected one rate in [0, 1)")]
    [InlineData("--dropout", "0.1,x", "found 'x'")]
    [InlineData("--dropout", "0.1,0.2,0.3", "dropout: expected one rate or one per hidden layer (2), found 3")]
    public void A_bad_weight_or_dropout_option_is_one_line_with_exit_code_2(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        string data = WeightedMoons(dir, 40);
        string[] args = option == "--weight-column" ? [option, value] : ["--weight-column", "w", option, value];
        var run = Fnet.InProcess(["train", "--data", data, "--layers", "5,5", "--epochs", "3", .. args, "--out", dir["m"]]);
        Fnet.AssertOneLineError(run, message);
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("1e301")]
    public void Weights_whose_sum_would_overflow_the_cost_are_named_not_reported_as_a_divergence(string huge)
    {
        // Issue 31 item 15: 10³⁰⁸ weights made Σ wᵢℓᵢ overflow and the run said "diverged … try a smaller learning rate".
        using var dir = new TempDirectory();
        var rows = Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{(i % 3 == 0 ? huge : "1")},{i % 2}");
        string data = dir.Write("huge.csv", "x0,x1,w,y\n" + string.Join("\n", rows) + "\n");
        var run = Fnet.InProcess("train", "--data", data, "--weight-column", "w", "--epochs", "3", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "column \"w\": expected weights summing to at most 1E+300");
        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public void A_negative_weight_names_its_row_and_dropout_with_a_minimizer_or_a_built_in_weight_column_is_refused()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("neg.csv", "a,w,y\n1,1,x\n2,-3,z\n3,1,x\n4,1,z\n");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", data, "--weight-column", "w", "--out", dir["m"]),
            $"{data}, data row 2, column \"w\": expected a weight ≥ 0, found -3");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--optimizer", "tnc", "--dropout", "0.2", "--out", dir["m"]),
            "--dropout needs a first-order optimizer: tnc's line searches");
        Fnet.AssertOneLineError(Fnet.InProcess("train", "--data", "moons", "--weight-column", "w", "--out", dir["m"]),
            "--weight-column names a CSV column, but 'moons' is a built-in data set");
        Assert.False(Directory.Exists(dir["m"]));
    }
}
