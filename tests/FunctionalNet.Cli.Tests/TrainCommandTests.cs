using System.Text.Json;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class TrainCommandTests
{
    [Fact]
    public void Training_on_moons_writes_the_model_directory_and_six_pictures()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", "moons", "--samples", "120", "--epochs", "300", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal([".fnet.lock", "boundary.svg", "confusion.svg", "history.csv", "loss.svg", "model.json", "model.safetensors", "precision-recall.svg", "reliability.svg", "roc.svg"],
            Directory.GetFiles(dir["m"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("network  2-5-5-2 [tanh, tanh, softmax] loss ce", run.Out, StringComparison.Ordinal);
        Assert.Contains("epoch 300/300", run.Out, StringComparison.Ordinal);
        Assert.Contains("classification report", run.Out, StringComparison.Ordinal);
        var model = Loaded(dir["m"]);
        Assert.True(model.Card.Metrics["test_accuracy"] >= 0.85, $"test accuracy {model.Card.Metrics["test_accuracy"]}");
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_models_and_another_seed_does_not()
    {
        using var dir = new TempDirectory();
        string[] Args(string o, string seed) => ["train", "--samples", "80", "--epochs", "40", "--seed", seed, "--out", dir[o], "-q"];
        Assert.Equal(0, Fnet.InProcess(Args("a", "1")).ExitCode);
        Assert.Equal(0, Fnet.InProcess(Args("b", "1")).ExitCode);
        Assert.Equal(0, Fnet.InProcess(Args("c", "2")).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir["a/model.safetensors"]), File.ReadAllBytes(dir["b/model.safetensors"]));
        Assert.NotEqual(File.ReadAllBytes(dir["a/model.safetensors"]), File.ReadAllBytes(dir["c/model.safetensors"]));
    }

    [Theory]
    [InlineData("float32", "F32")]
    [InlineData("float64", "F64")]
    public void Saved_predictions_reproduce_the_metrics_computed_at_training_time(string dtype, string code)
    {
        // The card's test accuracy is computed in memory from the trained parameters; evaluating the saved model on the
        // same test file must give exactly the same number, and predict must label rows the same way evaluate does.
        using var dir = new TempDirectory();
        Fnet.InProcess("datasets", "--export", "spirals", "--samples", "150", "--seed", "3", "--out", dir["train.csv"]);
        Fnet.InProcess("datasets", "--export", "spirals", "--samples", "90", "--seed", "4", "--out", dir["test.csv"]);
        var train = Fnet.InProcess("train", "--data", dir["train.csv"], "--test-data", dir["test.csv"], "--dtype", dtype,
            "--layers", "8,8", "--epochs", "150", "--out", dir["m"], "-q");
        Assert.Equal(0, train.ExitCode);
        var model = Loaded(dir["m"]);
        Assert.Contains($"\"dtype\":\"{code}\"", File.ReadAllText(dir["m/model.safetensors"])[..400].Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var evaluation = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", dir["test.csv"], "--json");
        Assert.Equal(0, evaluation.ExitCode);
        using var json = JsonDocument.Parse(evaluation.Out);
        Assert.Equal(model.Card.Metrics["test_accuracy"], json.RootElement.GetProperty("accuracy").GetDouble());

        var predicted = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir["test.csv"]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var truth = File.ReadAllLines(dir["test.csv"])[1..].Select(l => l.Split(',')[^1]).ToArray();
        double accuracy = predicted.Zip(truth, (p, t) => p == t ? 1.0 : 0.0).Average();
        Assert.Equal(model.Card.Metrics["test_accuracy"], accuracy, 12);
    }

    [Fact]
    public void Probabilities_survive_the_round_trip_bit_for_bit()
    {
        using var dir = new TempDirectory();
        Fnet.InProcess("datasets", "--export", "moons", "--samples", "60", "--out", dir["x.csv"]);
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "60", "--epochs", "30", "--out", dir["m"], "-q").ExitCode);
        var model = Loaded(dir["m"]);
        var csv = Fnet.InProcess("predict", "--model", dir["m"], "--data", dir["x.csv"], "--proba").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("label,p_0,p_1", csv[0]);
        var rows = File.ReadAllLines(dir["x.csv"])[1..].Select(l => l.Split(',')[..2].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var outputs = ((FunctionalNet.Formats.SavedEstimator.OfClassifier)model).Classifier.PredictProba(FunctionalNet.Matrix<double>.FromRows(rows));
        for (int r = 0; r < rows.Length; r++)
        {
            var cells = csv[r + 1].Split(',');
            Assert.Equal(outputs[r, 0], double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(outputs[r, 1], double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("gd", "float64")]
    [InlineData("sgd", "float32")]
    [InlineData("momentum", "float64")]
    [InlineData("nesterov", "float32")]
    [InlineData("adam", "float64")]
    [InlineData("rmsprop", "float32")]
    [InlineData("adagrad", "float64")]
    [InlineData("rprop", "float64")]
    [InlineData("cg", "float64")]
    [InlineData("lbfgs", "float32")]
    [InlineData("tnc", "float64")]
    public void Every_optimizer_trains_a_model_that_beats_chance(string optimizer, string dtype)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "100", "--optimizer", optimizer, "--batch-size", "16", "--lr", "0.3",
            "--epochs", "60", "--dtype", dtype, "--validation-split", "0.2", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var card = Loaded(dir["m"]).Card;
        Assert.Equal(optimizer, card.Training!.Optimizer);
        Assert.True(card.Metrics["test_accuracy"] > 0.7, $"{optimizer}: test accuracy {card.Metrics["test_accuracy"]}");
        Assert.True(card.Metrics.ContainsKey("validation_cost"));
    }

    [Fact]
    public void Sgd_without_a_batch_size_steps_once_per_sample()
    {
        // Per-sample steps at a small rate move further in one epoch than one full-batch step at the same rate.
        using var dir = new TempDirectory();
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "100", "--optimizer", "sgd", "--lr", "0.05", "--epochs", "1", "--out", dir["s"], "-q").ExitCode);
        Assert.Equal(0, Fnet.InProcess("train", "--samples", "100", "--optimizer", "gd", "--lr", "0.05", "--epochs", "1", "--out", dir["g"], "-q").ExitCode);
        Assert.True(Loaded(dir["s"]).Card.Metrics["train_cost"] < Loaded(dir["g"]).Card.Metrics["train_cost"]);
    }

    [Fact]
    public void Patience_stops_early_and_keeps_the_best_epoch()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "100", "--optimizer", "lbfgs", "--epochs", "500", "--validation-split", "0.3",
            "--patience", "5", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var training = Loaded(dir["m"]).Card.Training!;
        Assert.StartsWith("lbfgs: the validation cost did not improve by 0.0001 for 5 epochs", training.StopReason, StringComparison.Ordinal);
        Assert.True(training.EpochsRun < 500);
        // With validation the lowest validation cost is kept, and the stop reason names both epochs.
        Assert.Contains($"at epoch {training.EpochsRun}; restored the best parameters, from epoch ", training.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_validation_the_last_epoch_is_kept_unless_restore_best_is_asked_for()
    {
        using var dir = new TempDirectory();
        // A rate high enough that plain gradient descent overshoots: the last epoch is not the cheapest one.
        string[] common = ["train", "--samples", "100", "--optimizer", "gd", "--lr", "8", "--epochs", "60", "-q"];
        var last = Fnet.InProcess([.. common, "--out", dir["last"]]);
        var best = Fnet.InProcess([.. common, "--restore-best", "--out", dir["best"]]);
        Assert.Equal(0, last.ExitCode);
        Assert.Equal(0, best.ExitCode);
        Assert.Contains("kept epoch 60", last.Out, StringComparison.Ordinal);
        double lastCost = Loaded(dir["last"]).Card.Metrics["train_cost"], bestCost = Loaded(dir["best"]).Card.Metrics["train_cost"];
        Assert.True(bestCost <= lastCost, $"restore-best kept {bestCost}, the last epoch had {lastCost}");
        if (bestCost < lastCost) Assert.DoesNotContain("kept epoch 60", best.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sgd", "8")]
    [InlineData("momentum", "8")]
    [InlineData("nesterov", "0")]
    [InlineData("adam", "8")]
    [InlineData("rmsprop", "8")]
    [InlineData("adagrad", "0")]
    [InlineData("rprop", "0")]
    public void Float32_computes_every_first_order_rule_in_float32(string optimizer, string batch)
    {
        // The rule's state in the checkpoint is stored in the precision the run computed in.
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "80", "--optimizer", optimizer, "--batch-size", batch, "--lr", "0.05",
            "--epochs", "4", "--checkpoint-every", "2", "--dtype", "float32", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        var header = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(CheckpointTests.CheckpointFile(dir["m"], "optimizer")));
        if (optimizer != "sgd") Assert.Contains("\"F32\"", header, StringComparison.Ordinal);
        Assert.DoesNotContain("\"F64\"", header, StringComparison.Ordinal);
        Assert.Equal("float32", Loaded(dir["m"]).Card.Dtype);
    }

    [Fact]
    public void String_labels_and_a_named_label_column_flow_through_train_predict_and_evaluate()
    {
        using var dir = new TempDirectory();
        // Label first, named 'colour'; two well-separated clusters.
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? $"red,{i * 0.01},{1 + i * 0.01}" : $"blue,{3 + i * 0.01},{-2 - i * 0.01}");
        string csv = dir.Write("c.csv", "colour,width,height\n" + string.Join("\n", rows) + "\n");
        Assert.Equal(0, Fnet.InProcess("train", "--data", csv, "--label", "colour", "--epochs", "200", "--out", dir["m"], "-q").ExitCode);
        var card = Loaded(dir["m"]).Card;
        Assert.Equal(["blue", "red"], card.Preprocessing.Classes.ToArray());
        Assert.Equal(["width", "height"], card.Preprocessing.Features.ToArray());
        Assert.Equal("colour", card.Preprocessing.LabelColumn);
        var predicted = Fnet.InProcess("predict", "--model", dir["m"], "--data", csv).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["label", "red", "blue", "red"], predicted[..4]);
        var evaluation = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", csv, "--json");
        Assert.Contains("\"accuracy\":1", evaluation.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Digits_train_with_their_own_test_part()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", "digits", "--layers", "16", "--epochs", "30", "--out", dir["d"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(dir["d/boundary.svg"])); // 64 features: no 2-D boundary
        Assert.Equal(10, Loaded(dir["d"]).Card.Preprocessing.Classes.Length);
        Assert.Contains("accuracy train", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_terminal_progress_is_a_live_bar_and_quiet_prints_only_the_summary()
    {
        using var dir = new TempDirectory();
        var live = Fnet.InProcess(true, CancellationToken.None, "train", "--samples", "60", "--epochs", "40", "--out", dir["a"]);
        Assert.Equal(0, live.ExitCode);
        Assert.Contains("epoch 40/40", live.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 4/40 ", live.Out, StringComparison.Ordinal); // plain mode would print every 4th epoch
        Assert.Contains("100%", live.Out, StringComparison.Ordinal);

        var quiet = Fnet.InProcess("train", "--samples", "60", "--epochs", "40", "--out", dir["b"], "--quiet");
        Assert.Equal(0, quiet.ExitCode);
        Assert.DoesNotContain("epoch ", quiet.Out.Replace("after 40 epochs", "", StringComparison.Ordinal).Replace("kept epoch", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("accuracy train", quiet.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_cancelled_before_its_first_epoch_saves_nothing_and_exits_130()
    {
        using var dir = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var run = Fnet.InProcess(cancelled.Token, "train", "--samples", "60", "--epochs", "50", "--out", dir["m"]);
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("interrupted before the first epoch finished; nothing was saved", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]));
    }

    internal static FunctionalNet.Formats.SavedEstimator Loaded(string directory) =>
        ModelStore.Load(directory).Match(m => m, e => throw new InvalidOperationException(e.Error.Message));
}
