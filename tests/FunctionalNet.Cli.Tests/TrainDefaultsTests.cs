using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// What <c>fnet train</c> does with the options it is not given: learning rates per optimizer and their warnings, and
/// the defaults a built-in data set chooses for itself.
/// </summary>
public class TrainDefaultsTests
{
    [Theory]
    [InlineData("gd", 0.5)]
    [InlineData("sgd", 0.01)]
    [InlineData("momentum", 0.01)]
    [InlineData("nesterov", 0.01)]
    [InlineData("adam", 0.001)]
    [InlineData("rmsprop", 0.001)]
    [InlineData("adagrad", 0.01)]
    [InlineData("rprop", 0.0)]
    [InlineData("lbfgs", 0.0)]
    public void Without_lr_each_optimizer_trains_at_its_own_default(string optimizer, double rate)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "3", "--optimizer", optimizer, "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(rate, TrainCommandTests.Loaded(dir["m"]).Card.Training!.LearningRate);
        // The header shows the rate the run uses, and no rate for an optimizer that takes none.
        Assert.Contains(rate > 0 ? $"training {optimizer}, lr {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, 3 epochs" : $"training {optimizer}, 3 epochs",
            run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_lr_wins_over_the_default_without_a_warning()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "3", "--optimizer", "adam", "--lr", "0.02", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(0.02, TrainCommandTests.Loaded(dir["m"]).Card.Training!.LearningRate);
    }

    [Theory]
    [InlineData("adam", "0.5", "fnet: warning: --lr 0.5 is far above adam's usual range (default 0.001, more than 100× it)")]
    [InlineData("momentum", "2", "fnet: warning: --lr 2 is far above momentum's usual range (default 0.01, more than 100× it)")]
    [InlineData("gd", "0.0001", "fnet: warning: --lr 0.0001 is far below gd's usual range (default 0.5, less than 1/1000 of it)")]
    [InlineData("cg", "0.5", "fnet: warning: --lr 0.5 is ignored: cg takes no learning rate")]
    public void A_rate_far_outside_the_usual_range_warns_on_one_line_and_still_trains(string optimizer, string lr, string warning)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--samples", "60", "--epochs", "3", "--optimizer", optimizer, "--lr", lr, "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(warning, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.True(File.Exists(dir["m/model.json"]));
        // A rate the optimizer ignores is not recorded as if it had been used.
        if (optimizer == "cg") Assert.Equal(0, TrainCommandTests.Loaded(dir["m"]).Card.Training!.LearningRate);
    }

    [Fact]
    public void A_bad_option_after_a_warning_worthy_rate_is_still_one_line()
    {
        // The warning waits for the data and network to be good, so bad input keeps its one-line contract.
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--optimizer", "adam", "--lr", "0.5", "--layers", "5,,5", "--out", dir["m"]);
        Fnet.AssertOneLineError(run, "--layers '5,,5'");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Digits_without_options_train_scikit_learns_default_network_to_at_least_97_percent()
    {
        // The whole default run (200 epochs of adam on batches of 200) takes about 1.5 s.
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", "digits", "--out", dir["d"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("network  64-100-10 [relu, softmax] loss ce", run.Out, StringComparison.Ordinal);
        Assert.Contains("training adam, lr 0.001, 200 epochs, batch 200,", run.Out, StringComparison.Ordinal);
        var card = TrainCommandTests.Loaded(dir["d"]).Card;
        Assert.Equal(("adam", 0.001, 200, 200), (card.Training!.Optimizer, card.Training.LearningRate, card.Training.Epochs, card.Training.BatchSize));
        Assert.True(card.Metrics["test_accuracy"] >= 0.97, $"test accuracy {card.Metrics["test_accuracy"]}");
    }

    [Fact]
    public void Moons_without_options_keep_the_tutorial_network_and_gradient_descent()
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess("train", "--data", "moons", "--samples", "60", "--out", dir["m"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("network  2-5-5-2 [tanh, tanh, softmax] loss ce", run.Out, StringComparison.Ordinal);
        Assert.Contains("training gd, lr 0.5, 2000 epochs, full batch,", run.Out, StringComparison.Ordinal);
        var training = TrainCommandTests.Loaded(dir["m"]).Card.Training!;
        Assert.Equal(("gd", 0.5, 2000, 0), (training.Optimizer, training.LearningRate, training.Epochs, training.BatchSize));
    }

    [Theory]
    // Each given option replaces the data set's own default and leaves the others in place.
    [InlineData(new[] { "--layers", "16", "--activation", "tanh" }, "64-16-10 [tanh, softmax]", "adam", 0.001, 200)]
    [InlineData(new[] { "--batch-size", "50" }, "64-100-10 [relu, softmax]", "adam", 0.001, 50)]
    [InlineData(new[] { "--optimizer", "sgd" }, "64-100-10 [relu, softmax]", "sgd", 0.01, 200)]
    [InlineData(new[] { "--optimizer", "adam", "--lr", "0.01" }, "64-100-10 [relu, softmax]", "adam", 0.01, 200)]
    // gd is full batch by definition, so the data set's batch size passes it by; a given one still applies.
    [InlineData(new[] { "--optimizer", "gd" }, "64-100-10 [relu, softmax]", "gd", 0.5, 0)]
    [InlineData(new[] { "--optimizer", "gd", "--batch-size", "100" }, "64-100-10 [relu, softmax]", "gd", 0.5, 100)]
    [InlineData(new[] { "--optimizer", "lbfgs" }, "64-100-10 [relu, softmax]", "lbfgs", 0.0, 0)]
    public void Options_given_for_digits_win_over_its_own_defaults(string[] given, string network, string optimizer, double rate, int batch)
    {
        using var dir = new TempDirectory();
        var run = Fnet.InProcess(["train", "--data", "digits", "--epochs", "2", .. given, "--out", dir["d"]]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"network  {network}", run.Out, StringComparison.Ordinal);
        var training = TrainCommandTests.Loaded(dir["d"]).Card.Training!;
        Assert.Equal((optimizer, rate, 2, batch), (training.Optimizer, training.LearningRate, training.Epochs, training.BatchSize));
    }
}
