using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// Backpropagation and the R-operator for gelu, silu, softplus and the huber, mae and poisson losses: the gradient
/// against fourth-order central differences of the cost, H·v against central differences of the gradient (float64),
/// and float32's gradient and H·v against float64's.
/// </summary>
public sealed class ExtendedPairsProperties
{
    [Theory]
    [MemberData(nameof(ExtendedPairs.All), MemberType = typeof(ExtendedPairs))]
    public void Analytic_gradient_matches_central_differences(string hidden, string loss) =>
        Properties.Check(Prop.ForAll(ExtendedPairs.Cases(Activation.Parse(hidden)!, Loss.Parse(loss)!, kinkMargin: 5e-3), c =>
        {
            var report = GradientCheck.Run(c.Architecture, c.Parameters, c.Batch);
            Assert.True(report.MaxRelativeError < 1e-6,
                $"{c}: relative error {report.MaxRelativeError:E3} at {report.Location} (analytic {report.Analytic:R}, numeric {report.Numeric:R})");
        }), cases: 100);

    [Theory]
    [MemberData(nameof(ExtendedPairs.All), MemberType = typeof(ExtendedPairs))]
    public void Hessian_vector_product_matches_differences_of_the_gradient(string hidden, string loss) =>
        // A wider kink margin than the gradient check: the steps ε·v move every parameter at once.
        Properties.Check(Prop.ForAll(ExtendedPairs.Cases(Activation.Parse(hidden)!, Loss.Parse(loss)!, kinkMargin: 2e-2), c =>
        {
            var (error, scale) = HessianVectorProperties.Discrepancy(c, HessianVectorProperties.Direction(c));
            Assert.True(error <= 1e-6 * (1 + scale), $"{c}: max |Hv − ΔG| = {error:E3} (max |Hv| = {scale:E3})");
        }), cases: 40);

    [Theory]
    [MemberData(nameof(ExtendedPairs.All), MemberType = typeof(ExtendedPairs))]
    public void Float32_gradient_and_Hessian_vector_product_agree_with_float64(string hidden, string loss) =>
        Properties.Check(Prop.ForAll(ExtendedPairs.Cases(Activation.Parse(hidden)!, Loss.Parse(loss)!, kinkMargin: 2e-2), c =>
        {
            var (parameters, batch) = NarrowCases.ToSingle(c);
            var v = HessianVectorProperties.Direction(c);
            var single = NarrowCases.ToSingle(c with { Parameters = v }).Parameters;
            // The float64 reference at the float32-rounded point, so only the arithmetic differs.
            var reference = c with { Parameters = Widen(c.Architecture, parameters), Batch = Widen(batch) };
            var (_, gradient) = Network.CostAndGradient(c.Architecture, parameters, batch);
            var (_, expected) = Network.CostAndGradient(reference.Architecture, reference.Parameters, reference.Batch);
            AssertClose(expected.Flat.ToArray(), gradient.Flat.ToArray(), 1e-4, $"{c}: gradient");
            var hv = HessianVector.Product(c.Architecture, parameters, batch, single);
            var expectedHv = HessianVector.Product(reference.Architecture, reference.Parameters, reference.Batch, Widen(c.Architecture, single));
            AssertClose(expectedHv.Flat.ToArray(), hv.Flat.ToArray(), 1e-3, $"{c}: H·v");
        }), cases: 40);

    private static Parameters<double> Widen(Architecture architecture, Parameters<float> parameters) =>
        Parameters<double>.FromFlat(architecture.Layout, Widen(parameters.Flat));

    private static Batch<double> Widen(Batch<float> batch) =>
        new(Matrix<double>.Create(batch.Count, batch.Features.Cols, Widen(batch.Features.Span)),
            Matrix<double>.Create(batch.Count, batch.Targets.Cols, Widen(batch.Targets.Span)));

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    // Normwise: every entry within tolerance × the largest, plus a floor for vectors that cancel to almost nothing.
    private static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * (scale + 1e-3),
                $"{what}[{i}]: float32 {actual[i]:R}, float64 {expected[i]:R} (largest entry {scale:E3})");
    }
}
