using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Model;

public class ArchitectureTests
{
    [Fact]
    public void A_valid_mlp_has_the_expected_layout()
    {
        var arch = Architecture.Mlp([2, 5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy)
            .Match(a => a, errors => throw new InvalidOperationException(string.Join("; ", errors)));
        Assert.Equal("2-5-5-2", arch.Shape);
        Assert.Equal(2 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2, arch.Layout.Count);
        Assert.Equal(new LayerSlot(5, 5, 15, 40), arch.Layout.Slots[1]);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Architecture.Create(0,
            [new Layer(-1, Activation.Softmax), new Layer(0, Activation.Elu(-2)), new Layer(3, Activation.Tanh)],
            Loss.CrossEntropy, lambda: -1);
        var codes = result.Match(_ => [], errors => errors.Select(e => e.Code).ToArray());
        Assert.Equal(["architecture.inputs", "layer.width", "layer.rowwise-hidden", "layer.width", "activation.alpha",
            "loss.pairing", "architecture.lambda"], codes);
    }

    [Fact]
    public void No_layers_is_an_error()
    {
        var result = Architecture.Create(3, [], Loss.SquaredError);
        Assert.True(result.IsFail);
        Assert.Contains("at least an output layer", result.Match(_ => "", e => e.Head.Message), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bce", "softmax")]
    [InlineData("ce", "sigmoid")]
    [InlineData("bce", "identity")]
    public void Losses_reject_outputs_they_do_not_pair_with(string loss, string output)
    {
        var result = Architecture.Mlp([4, 3], Activation.Tanh, Activation.Parse(output)!, Loss.Parse(loss)!);
        Assert.Equal("loss.pairing", result.Match(_ => "", e => e.Head.Code));
    }

    [Theory]
    [InlineData("elu(2)", "elu(2)")]
    [InlineData("leaky-relu", "leaky-relu(0.01)")]
    [InlineData("TANH", "tanh")]
    public void Activation_names_round_trip(string text, string name) => Assert.Equal(name, Activation.Parse(text)!.Name);

    [Theory]
    [InlineData("elu(")]
    [InlineData("mish")]
    [InlineData("tanh(2)")]
    public void Unknown_activation_names_are_null(string text) => Assert.Null(Activation.Parse(text));
}
