using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Randomness;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Tensors;

public class AdamKernelTests
{
    [Fact]
    public void Fused_step_matches_the_textbook_update_elementwise() =>
        Properties.Check(Prop.ForAll(Gen.Choose(1, 100).ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), (n, t) =>
        {
            var rng = Rng.Create((ulong)(n * 97 + t));
            double[] theta = new double[n], g = new double[n], m = new double[n], v = new double[n];
            rng.Fork(0).FillNormal<double>(theta, 0, 1);
            rng.Fork(1).FillNormal<double>(g, 0, 1);
            rng.Fork(2).FillNormal<double>(m, 0, 0.1);
            rng.Fork(3).FillUniform<double>(v, 0, 0.1);
            double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8;
            double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            // Expected values straight from the paper's three lines, one element at a time.
            var expectedM = m.Select((mi, i) => b1 * mi + (1 - b1) * g[i]).ToArray();
            var expectedV = v.Select((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]).ToArray();
            var expectedTheta = theta.Select((x, i) => x - alpha * expectedM[i] / (Math.Sqrt(expectedV[i]) + eps)).ToArray();
            AdamKernel.Step<double>(theta, g, m, v, alpha, b1, b2, eps);
            return Close(theta, expectedTheta) && Close(m, expectedM) && Close(v, expectedV);
        }), 100);

    private static bool Close(double[] actual, double[] expected) =>
        actual.Zip(expected, (a, e) => Math.Abs(a - e) <= 1e-14 * (1 + Math.Abs(e))).All(ok => ok);
}
