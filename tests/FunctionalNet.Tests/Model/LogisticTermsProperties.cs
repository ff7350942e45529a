using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using System.Runtime.Intrinsics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// The vectorised binary cross-entropy cost against the scalar formula it replaced (max(z, 0) − y·z + log1p(e^−|z|) with
/// Math.Exp and Math.Log, summed in order), and its independence of where an output sits in the batch; its one term
/// (<see cref="LogisticTerms.Term{T, TV, TL}"/>, from the sigmoid's e^−z) against the same formula out to |z| = 1000 in
/// double and float, and the fused narrow kernel's cost against the pure cost bit for bit.
/// </summary>
public class LogisticTermsProperties
{
    [Property(MaxTest = 60)]
    public Property The_vectorised_cost_is_the_scalar_sum_to_a_few_ulps_and_each_term_keeps_its_bits_anywhere() =>
        Prop.ForAll(Gen.Choose(1, 12).ToArbitrary(), Gen.Choose(1, 90).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (width, rows, seed) => Holds<double>(width, rows, seed, 1e-14) && Holds<float>(width, rows, seed, 1e-14));

    // Tolerances of one term against Math.Exp/Math.Log1p, relative to the size of what the formula adds (max(z, 0), |y·z| and
    // the term: with y near 1, max(z, 0) − y·z cancels, and its rounding, the reference's too, is an ulp of z, not of the
    // term): a few ulps of double (the exponential's ≤ 4, the division's and the sum's), a few of float. Below the
    // smallest normal e^−|z| the clamped exponential gives the nearest normal value instead of a subnormal or 0, hence the
    // absolute floors.
    private const double DoubleTolerance = 2e-15, DoubleFloor = 1e-300, FloatTolerance = 1e-6, FloatFloor = 1e-37;

    [Property(MaxTest = 60)]
    public Property Each_term_is_log1p_of_exp_to_a_few_ulps_out_to_1000_in_double_and_float() =>
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), seed =>
        {
            var rng = Rng.Create((ulong)seed);
            var z = new double[64];
            var y = new double[z.Length];
            rng.Fork(0).FillUniform<double>(z.AsSpan(0, 32), -1000, 1000);
            rng.Fork(1).FillNormal<double>(z.AsSpan(32), 0, 20);
            rng.Fork(2).FillUniform<double>(y, 0, 1);
            z[0] = 1000; z[1] = -1000; z[2] = 0; z[3] = 708.5; z[4] = -708.5; z[5] = 1e-300;
            var failures = new List<string>();
            for (int i = 0; i < z.Length; i++)
            {
                double reference = LogisticTerms.Scalar(z[i], y[i]);
                double term = LogisticTerms.Sum<double>(z.AsSpan(i, 1), y.AsSpan(i, 1), 1, default);
                double weighted = LogisticTerms.Sum<double>(z.AsSpan(i, 1), y.AsSpan(i, 1), 1, [0.75]);
                float zf = (float)z[i], yf = (float)y[i];
                double floatReference = LogisticTerms.Scalar(zf, yf);
                double size = Math.Max(z[i], 0) + Math.Abs(y[i] * z[i]) + Math.Abs(reference);
                double floatSize = Math.Max(zf, 0) + Math.Abs((double)yf * zf) + Math.Abs(floatReference);
                double floatTerm = FloatTerm(zf, yf);
                double floatSum = LogisticTerms.Sum<float>([zf], [yf], 1, default);
                bool near = Near(term, reference, size, DoubleTolerance, DoubleFloor) && Near(weighted, 0.75 * reference, size, DoubleTolerance, DoubleFloor)
                    && Near(floatTerm, floatReference, floatSize, FloatTolerance, FloatFloor) && Near(floatSum, floatReference, floatSize, DoubleTolerance, DoubleFloor);
                // With y = 1 where z ≥ 0 and 0 elsewhere the term is log1p(e^−|z|) alone: held to its own size.
                double yOne = z[i] >= 0 ? 1 : 0, log1p = LogisticTerms.Scalar(z[i], yOne), floatLog1p = LogisticTerms.Scalar(zf, yOne);
                near &= Near(LogisticTerms.Sum<double>(z.AsSpan(i, 1), [yOne], 1, default), log1p, log1p, DoubleTolerance, DoubleFloor)
                    && Near(FloatTerm(zf, (float)yOne), floatLog1p, floatLog1p, FloatTolerance, FloatFloor);
                if (!near) failures.Add($"z {z[i]:R}, y {y[i]:R}: {term:R}, weighted {weighted:R}, float {floatTerm:R} and {floatSum:R} against {reference:R} and {floatReference:R}");
            }
            return (failures.Count == 0).Label(string.Join("; ", failures));
        });

    [Property(MaxTest = 60)]
    public Property The_fused_kernels_cost_is_the_pure_costs_bits_for_a_sigmoid_output() =>
        Prop.ForAll(Gen.Choose(1, 64).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(),
            (rows, seed, weighted) =>
            {
                // x → identity unit → sigmoid output with weights 1 and biases 0: the output's z is x exactly on either path,
                // one block of one output, so the two sums add the same terms in the same order.
                var architecture = Architecture.Create(1, [new Layer(1, Activation.Identity), new Layer(1, Activation.Sigmoid)], Loss.BinaryCrossEntropy)
                    .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
                var theta = Parameters<double>.FromFlat(architecture.Layout, [1.0, 0.0, 1.0, 0.0]);
                var rng = Rng.Create((ulong)seed);
                var x = new double[rows];
                var y = new double[rows];
                var w = new double[rows];
                rng.Fork(0).FillUniform<double>(x, -1000, 1000);
                rng.Fork(1).FillNormal<double>(x.AsSpan(0, rows / 2), 0, 8);
                rng.Fork(2).FillUniform<double>(y, 0, 1);
                rng.Fork(3).FillUniform<double>(w, 0, 3);
                var batch = new Batch<double>(Matrix<double>.Create(rows, 1, x), Matrix<double>.Create(rows, 1, y), weighted ? Matrix<double>.Create(rows, 1, w) : null);
                double fused = new NarrowGradient<double>(architecture).Run(theta.Flat, batch, new double[architecture.Layout.Count]);
                double pure = Network.CostAndGradient(architecture, theta, batch).Cost;
                return (BitConverter.DoubleToInt64Bits(fused) == BitConverter.DoubleToInt64Bits(pure)).Label($"{fused:R} against {pure:R}");
            });

    // The float kernel's term: the sigmoid's e^−z and the term in float lanes, as NarrowOutput computes them.
    // The cost is its chunks' vector terms added one by one in output order (weighted by their rows' weights when given):
    // the additions moved to a method of their own keep their order, so the bits are those of the loop written inline.
    [Property(MaxTest = 40)]
    public Property The_cost_is_its_terms_added_in_order() =>
        Prop.ForAll(Gen.Choose(1, 2000).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (rows, width, seed) =>
        {
            var rng = Rng.Create((ulong)seed);
            var z = Tensors.FusedRowSweepsProperties.Values<double>(rng.Fork(0), rows * width, 30);
            var y = new double[z.Length];
            rng.Fork(1).FillUniform<double>(y, 0, 1);
            var weights = new double[rows];
            rng.Fork(2).FillUniform<double>(weights, 0, 2);
            double plain = 0, weighted = 0;
            const int chunk = 256;
            var terms = new double[chunk];
            for (int start = 0; start < z.Length; start += chunk)
            {
                int count = Math.Min(chunk, z.Length - start);
                double[] zs = new double[chunk], ys = new double[chunk];
                z.AsSpan(start, count).CopyTo(zs);
                y.AsSpan(start, count).CopyTo(ys);
                LogisticTerms.Terms(zs, ys, terms);
                for (int i = 0; i < count; i++)
                {
                    plain += terms[i];
                    weighted += weights[(start + i) / width] * terms[i];
                }
            }
            return BitConverter.DoubleToInt64Bits(plain) == BitConverter.DoubleToInt64Bits(LogisticTerms.Sum<double>(z, y, width, default))
                && BitConverter.DoubleToInt64Bits(weighted) == BitConverter.DoubleToInt64Bits(LogisticTerms.Sum<double>(z, y, width, weights));
        });

    private static double FloatTerm(float z, float y)
    {
        var zv = Vector256.Create(z);
        var e = RowLanes256<float>.Exp(RowLanes256<float>.Subtract(RowLanes256<float>.Zero, zv));
        return LogisticTerms.Term<float, Vector256<float>, RowLanes256<float>>(zv, e, Vector256.Create(y)).GetElement(0);
    }

    private static bool Near(double value, double reference, double size, double tolerance, double floor) =>
        Math.Abs(value - reference) <= tolerance * size + floor;

    private static bool Holds<T>(int width, int rows, int seed, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var z = new T[width * rows];
        var y = new T[z.Length];
        var weights = new T[rows];
        rng.Fork(0).FillNormal<T>(z, 0, 8); // logits far into both tails, where log1p's correction matters
        rng.Fork(1).FillUniform<T>(y, 0, 1);
        rng.Fork(2).FillUniform<T>(weights, 0, 3);
        if (z.Length > 2) { z[0] = T.CreateTruncating(1000.0); z[1] = T.CreateTruncating(-1000.0); z[2] = T.CreateTruncating(40.0); }
        double scalar = 0, weightedScalar = 0, termByTerm = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double term = LogisticTerms.Scalar(double.CreateTruncating(z[i]), double.CreateTruncating(y[i]));
            scalar += term;
            weightedScalar += double.CreateTruncating(weights[i / width]) * term;
            termByTerm += Loss.BinaryCrossEntropy.Sum<T>(Activation.Sigmoid, z.AsSpan(i, 1), default, y.AsSpan(i, 1), 1);
        }
        double batch = Loss.BinaryCrossEntropy.Sum<T>(Activation.Sigmoid, z, default, y, width);
        double weighted = Loss.BinaryCrossEntropy.WeightedSum<T>(Activation.Sigmoid, z, default, y, width, weights);
        return BitConverter.DoubleToInt64Bits(batch) == BitConverter.DoubleToInt64Bits(termByTerm)
            && Math.Abs(batch - scalar) <= tolerance * Math.Abs(scalar)
            && Math.Abs(weighted - weightedScalar) <= tolerance * Math.Abs(weightedScalar);
    }
}
