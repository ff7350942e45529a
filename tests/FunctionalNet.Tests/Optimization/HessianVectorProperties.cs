using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>The R-operator's H·v agrees with central differences of the backpropagated gradient along v.</summary>
public sealed class HessianVectorProperties
{
    [Theory]
    [MemberData(nameof(ActivationLossPairs.All), MemberType = typeof(ActivationLossPairs))]
    public void Hessian_vector_product_matches_differences_of_the_gradient(string hidden, string loss)
    {
        var activation = ActivationLossPairs.Resolve(hidden);
        // A wider kink margin than the gradient check: the difference steps of size ε·|v| must not cross a kink.
        Properties.Check(Prop.ForAll(RandomNetworks.Cases(activation, Loss.Parse(loss)!, kinkMargin: 2e-2, maxHidden: 3, maxWidth: 8), c =>
        {
            var (error, scale) = Discrepancy(c, Direction(c));
            Assert.True(error <= 1e-6 * (1 + scale), $"{c}: max |Hv − ΔG| = {error:E3} (max |Hv| = {scale:E3})");
        }), cases: 60);
    }

    [Fact]
    public void A_wrong_second_derivative_is_caught()
    {
        // tanh with f″ = 0: the gradient is right but H·v is not, so the comparison must fail loudly.
        var wrong = Activation.Custom("bad-tanh", Math.Tanh, (_, a) => 1 - a * a, (_, _) => 0);
        var c = RandomNetworks.Build(wrong, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, 5, false, 11);
        var (error, scale) = Discrepancy(c, Direction(c));
        Assert.True(error > 1e-3 * (1 + scale), $"error {error:E3}");
    }

    [Fact]
    public void The_product_is_linear_in_the_direction_and_symmetric()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 4, [5, 3], 3, 7, true, 5);
        var u = Direction(c);
        var v = Parameters<double>.FromFlat(c.Architecture.Layout, [.. u.Flat.ToArray().Select((x, i) => x * (i % 3 - 1) + 0.5)]);
        var hu = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, u);
        var hv = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v);
        var hSum = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, u.AddScaled(2.0, v));
        for (int i = 0; i < hu.Count; i++) Assert.Equal(hu.Flat[i] + 2 * hv.Flat[i], hSum.Flat[i], 1e-10);
        // uᵀHv = vᵀHu, since H is symmetric.
        double uHv = 0, vHu = 0;
        for (int i = 0; i < hu.Count; i++) { uHv += u.Flat[i] * hv.Flat[i]; vHu += v.Flat[i] * hu.Flat[i]; }
        Assert.Equal(uHv, vHu, 1e-10 * (1 + Math.Abs(uHv)));
    }

    internal static Parameters<double> Direction(NetworkCase c)
    {
        var v = new double[c.Architecture.Layout.Count];
        Rng.Create((ulong)c.Seed).Fork(77).FillNormal<double>(v, 0, 1);
        return Parameters<double>.FromFlat(c.Architecture.Layout, v);
    }

    /// <summary>max |H·v − (∇J(θ + εv) − ∇J(θ − εv)) / 2ε| and max |H·v|.</summary>
    internal static (double Error, double Scale) Discrepancy(NetworkCase c, Parameters<double> v)
    {
        const double eps = 1e-5;
        var hv = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, v);
        var gPlus = Network.CostAndGradient(c.Architecture, c.Parameters.AddScaled(eps, v), c.Batch).Gradient;
        var gMinus = Network.CostAndGradient(c.Architecture, c.Parameters.AddScaled(-eps, v), c.Batch).Gradient;
        double error = 0, scale = 0;
        for (int i = 0; i < hv.Count; i++)
        {
            double numeric = (gPlus.Flat[i] - gMinus.Flat[i]) / (2 * eps);
            error = Math.Max(error, Math.Abs(hv.Flat[i] - numeric));
            scale = Math.Max(scale, Math.Abs(hv.Flat[i]));
        }
        return (error, scale);
    }
}
