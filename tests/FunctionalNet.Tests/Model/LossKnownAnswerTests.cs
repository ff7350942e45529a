using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// huber, mae and poisson against PyTorch 1.13 in float64 (make_activation_answers.py, /usr/bin/python3): HuberLoss(delta),
/// L1Loss and PoissonNLLLoss(log_input=True, full=False), each with reduction='sum' for the loss and its autograd
/// gradient, and the default 'mean' for the network's cost (Σ over outputs, ÷ rows: mean × outputs); then names and pairing.
/// </summary>
public sealed class LossKnownAnswerTests
{
    // Residuals a − y: 0, −1.3, 2, 0.5, −1.4, 2.5: one exactly 0 (the subgradient), one a hair inside Huber δ = 0.5
    // (0.7 − 0.2 rounds to 0.49999999999999994, for PyTorch too).
    private static readonly double[] A = [0.3, -1.2, 2.5, 0.7, -0.4, 4.0];
    private static readonly double[] Y = [0.3, 0.1, 0.5, 0.2, 1.0, 1.5];
    private const int Rows = 3, Outputs = 2;

    [Theory]
    [InlineData("huber", 5.325, 0.8875000000000001, new[] { 0.0, -1.0, 1.0, 0.49999999999999994, -1.0, 1.0 })]
    [InlineData("huber(0.5)", 3.225, 0.5375, new[] { 0.0, -0.5, 0.5, 0.49999999999999994, -0.5, 0.5 })]
    [InlineData("mae", 7.7, 1.2833333333333334, new[] { 0.0, -1.0, 1.0, 1.0, -1.0, 1.0 })]
    [InlineData("poisson", 64.15576976684203, 10.692628294473671,
        new[] { 1.0498588075760031, 0.20119421191220213, 11.682493960703473, 1.8137527074704767, -0.3296799539643608, 53.098150033144236 })]
    public void Sum_gradient_and_cost_match_pytorch(string name, double sum, double mean, double[] gradient)
    {
        var loss = Loss.Parse(name)!;
        var identity = Activation.Identity;
        Assert.Equal(sum, loss.Sum<double>(identity, A, A, Y, Outputs), 1e-12);
        var dz = new double[A.Length];
        loss.Delta<double>(identity, A, A, Y, dz, Outputs);
        for (int i = 0; i < dz.Length; i++) Assert.Equal(gradient[i], dz[i], 1e-12);

        // A one-layer identity network with W = I, b = 0 fed A outputs A: its cost is the sum ÷ rows = PyTorch's mean × outputs.
        var arch = Architecture.Create(Outputs, [new Layer(Outputs, identity)], loss).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var theta = Parameters<double>.FromFlat(arch.Layout, [1, 0, 0, 1, 0, 0]);
        var batch = new Batch<double>(Matrix<double>.Create(Rows, Outputs, A), Matrix<double>.Create(Rows, Outputs, Y));
        Assert.Equal(mean * Outputs, Network.Cost(arch, theta, batch), 1e-12);
    }

    [Fact]
    public void Second_derivatives_are_one_inside_huber_and_zero_for_the_linear_parts()
    {
        // R{∂ℓ/∂z} along rz = 1 with the identity output: ρ″(a − y) = 1 for |r| < δ, else 0; mae 0; poisson e^z.
        var ones = Enumerable.Repeat(1.0, A.Length).ToArray();
        double[] Curvature(Loss loss)
        {
            var r = new double[A.Length];
            loss.DeltaTangent<double>(Activation.Identity, A, A, Y, ones, ones, r, Outputs);
            return r;
        }
        Assert.Equal([1, 0, 0, 1, 0, 0], Curvature(Loss.Huber()));
        Assert.Equal([1, 0, 0, 1, 0, 0], Curvature(Loss.Huber(0.5)));
        Assert.Equal(new double[6], Curvature(Loss.AbsoluteError));
        Assert.Equal(A.Select(Math.Exp).ToArray(), Curvature(Loss.Poisson));
    }

    [Theory]
    [InlineData("huber", "huber(1)")]
    [InlineData("HUBER(0.5)", "huber(0.5)")]
    [InlineData("huber(2e-1)", "huber(0.2)")]
    [InlineData("mae", "mae")]
    [InlineData("l1", "mae")]
    [InlineData("poisson", "poisson")]
    [InlineData("mse", "mse")]
    [InlineData(" CE ", "ce")]
    public void Names_parse_and_round_trip(string text, string name)
    {
        var loss = Loss.Parse(text)!;
        Assert.Equal(name, loss.Name);
        Assert.Equal(loss, Loss.Parse(loss.Name));
    }

    [Theory]
    [InlineData("huber(")]
    [InlineData("huber(one)")]
    [InlineData("mae(1)")]
    [InlineData("mse(2)")]
    [InlineData("poisson(1)")]
    [InlineData("hinge")]
    public void Unknown_or_malformed_names_are_null(string text) => Assert.Null(Loss.Parse(text));

    [Theory]
    [InlineData("huber", "softmax", "Huber loss needs an elementwise output activation")]
    [InlineData("mae", "softmax", "absolute error (mae) needs an elementwise output activation")]
    [InlineData("poisson", "sigmoid", "Poisson loss needs an identity output")]
    [InlineData("poisson", "softplus", "Poisson loss needs an identity output")]
    public void Nonsense_output_pairs_are_refused_with_one_error(string loss, string output, string rule)
    {
        var errors = Architecture.Mlp([4, 3, 2], Activation.Tanh, Activation.Parse(output)!, Loss.Parse(loss)!)
            .Match(_ => [], e => e.ToArray());
        var error = Assert.Single(errors);
        Assert.Equal("loss.pairing", error.Code);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("huber", "identity")]
    [InlineData("huber(0.1)", "tanh")]
    [InlineData("mae", "softplus")]
    [InlineData("mae", "sigmoid")]
    [InlineData("poisson", "identity")]
    public void Sensible_output_pairs_are_accepted(string loss, string output) =>
        Assert.True(Architecture.Mlp([4, 3, 2], Activation.Gelu, Activation.Parse(output)!, Loss.Parse(loss)!).IsSuccess);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_huber_delta_that_is_not_finite_and_positive_is_refused(double delta)
    {
        var errors = Architecture.Mlp([4, 2], Activation.Tanh, Activation.Identity, Loss.Huber(delta)).Match(_ => [], e => e.ToArray());
        Assert.Equal("loss.delta", Assert.Single(errors).Code);
    }
}
