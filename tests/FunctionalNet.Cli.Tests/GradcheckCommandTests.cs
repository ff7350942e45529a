using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

public class GradcheckCommandTests
{
    [Theory]
    [InlineData("tanh", "softmax")]
    [InlineData("elu(2)", "sigmoid")]
    [InlineData("leaky-relu", "identity")]
    [InlineData("relu", "softmax")]
    public void Backpropagation_agrees_with_finite_differences(string activation, string output)
    {
        var run = Fnet.InProcess("gradcheck", "--activation", activation, "--output", output, "--lambda", "0.3");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(": ok, tolerance", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tolerance_below_the_error_fails_with_exit_code_1()
    {
        var run = Fnet.InProcess("gradcheck", "--tolerance", "0");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAILED", run.Out, StringComparison.Ordinal);
    }
}
