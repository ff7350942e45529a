using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData("train", "--optimizer")]
    [InlineData("predict", "--proba")]
    [InlineData("evaluate", "--json")]
    [InlineData("gradcheck", "--tolerance")]
    [InlineData("datasets", "--export")]
    [InlineData("export", "--opset")]
    public void Every_command_has_help_with_an_example(string command, string option)
    {
        var run = Fnet.InProcess(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example", run.Out, StringComparison.Ordinal);
        Assert.Contains($"fnet {command}", run.Out, StringComparison.Ordinal);
        Assert.Contains(option, run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "--data train-images-idx3-ubyte --labels train-labels-idx1-ubyte")]
    [InlineData("evaluate", "--data t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz")]
    [InlineData("predict", "--data t10k-images-idx3-ubyte")]
    public void Help_shows_how_to_give_idx_files(string command, string example)
    {
        var run = Fnet.InProcess(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(example, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_help_lists_each_optimizers_learning_rate_and_the_digits_defaults()
    {
        var run = Fnet.InProcess("train", "--help");
        Assert.Equal(0, run.ExitCode);
        string text = string.Join(' ', run.Out.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)); // help wraps long lines
        Assert.Contains("digits: --layers 100 --activation relu --optimizer adam --batch-size 200 --epochs 200", text, StringComparison.Ordinal);
        Assert.Contains("default per optimizer: gd 0.5, sgd 0.01, momentum 0.01, nesterov 0.01, adam 0.001, adamw 0.001, rmsprop 0.001, adagrad 0.01; rprop, cg, lbfgs, tnc take none", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_help_lists_every_command()
    {
        var run = Fnet.InProcess("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var c in new[] { "train", "predict", "evaluate", "gradcheck", "datasets" }) Assert.Contains(c, run.Out, StringComparison.Ordinal);
    }
}
