using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Model;

/// <summary>Losses computed from logits stay finite and exact where naive log(a) would give ±∞ or NaN.</summary>
public class LossStabilityTests
{
    [Theory]
    [InlineData(1000.0, 1.0, 0.0)]       // confident and right: no loss
    [InlineData(1000.0, 0.0, 1000.0)]    // confident and wrong: the loss is the logit, not ∞
    [InlineData(-1000.0, 1.0, 1000.0)]
    [InlineData(-1000.0, 0.0, 0.0)]
    [InlineData(0.0, 1.0, 0.69314718055994529)] // log 2
    public void Binary_cross_entropy_from_extreme_logits(double z, double y, double expected)
    {
        double[] a = [1 / (1 + Math.Exp(-z))];
        Assert.Equal(expected, Loss.BinaryCrossEntropy.Sum<double>(Activation.Sigmoid, [z], a, [y], 1), 1e-12);
        var dz = new double[1];
        Loss.BinaryCrossEntropy.Delta<double>(Activation.Sigmoid, [z], a, [y], dz, 1);
        Assert.True(double.IsFinite(dz[0]));
    }

    [Fact]
    public void Cross_entropy_from_extreme_logits()
    {
        double[] z = [1000, -1000, 0];
        var a = new double[3];
        Activation.Softmax.Forward<double>(z, a, 3);
        Assert.Equal([1.0, 0.0, 0.0], a);
        Assert.Equal(0.0, Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, [1, 0, 0], 3), 1e-12);
        Assert.Equal(2000.0, Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, [0, 1, 0], 3), 1e-9);
    }

    [Fact]
    public void A_network_driven_to_logits_of_a_thousand_has_a_finite_cost_and_gradient()
    {
        // A single layer whose weights push the logits to ±1000 for both losses that pair with an activation.
        foreach (var (output, loss, outputs) in new[] { (Activation.Sigmoid, Loss.BinaryCrossEntropy, 1), (Activation.Softmax, Loss.CrossEntropy, 2) })
        {
            var arch = Architecture.Create(1, [new Layer(outputs, output)], loss).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
            var theta = Parameters<double>.FromFlat(arch.Layout, outputs == 1 ? [1000, 0] : [1000, -1000, 0, 0]);
            var x = Matrix<double>.Create(2, 1, [1, -1]);
            var y = Matrix<double>.Create(2, outputs, outputs == 1 ? [0, 1] : [0, 1, 1, 0]); // both predictions wrong
            var (cost, gradient) = Network.CostAndGradient(arch, theta, new Batch<double>(x, y));
            Assert.Equal(outputs == 1 ? 1000 : 2000, cost, 1e-9);
            Assert.All(gradient.Flat.ToArray(), g => Assert.True(double.IsFinite(g)));
        }
    }

    [Fact]
    public void Squared_error_is_half_the_summed_squares()
    {
        double[] a = [0.5, 2.0];
        Assert.Equal(0.5 * (0.25 + 1.0), Loss.SquaredError.Sum<double>(Activation.Identity, a, a, [0, 1], 2), 1e-15);
    }
}
