using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>What <c>fnet train</c> does with the options it is not given: learning rates per optimizer and their warnings.</summary>
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
}
