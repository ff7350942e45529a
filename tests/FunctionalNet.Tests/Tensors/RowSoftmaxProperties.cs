using System.Numerics;
using System.Numerics.Tensors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The blocked softmax and log-sum-exp (<see cref="RowSoftmax"/>) against a scalar double-precision reference, a row's
/// bits against the same row alone, and the cross-entropy cost and delta built on them against finite differences.
/// </summary>
public class RowSoftmaxProperties
{
    // Widths on both sides of the transposed (narrow) path; row counts on both sides of one block and of a vector.
    private static readonly Arbitrary<(int Width, int Rows, int Seed)> Shapes = SoftmaxShapes.Of(40, 300, 10_000);

    [Property(MaxTest = 60)]
    public Property Softmax_matches_a_scalar_reference() =>
        Prop.ForAll(Shapes, s => Close<double>(s, 1e-14) && Close<float>(s, 5e-6));

    [Property(MaxTest = 60)]
    public Property A_row_has_the_same_bits_in_any_batch() =>
        Prop.ForAll(Shapes, s => RowAlone<double>(s) && RowAlone<float>(s));

    [Property(MaxTest = 60)]
    public Property Log_sum_exp_matches_a_scalar_reference() =>
        Prop.ForAll(Shapes, s => LseClose<double>(s, 1e-14) && LseClose<float>(s, 5e-6));

    [Property(MaxTest = 40)]
    public Property Cross_entropy_delta_is_the_finite_difference_gradient_of_its_sum() =>
        Prop.ForAll(Shapes, s =>
        {
            var (width, rows, seed) = (s.Width, Math.Min(s.Rows, 20), s.Seed);
            var z = Logits<double>(width, rows, seed, 3);
            var y = SoftmaxShapes.OneHot<double>(width, rows, seed);
            var a = new double[z.Length];
            var dz = new double[z.Length];
            Activation.Softmax.Forward<double>(z, a, width);
            Loss.CrossEntropy.Delta<double>(Activation.Softmax, z, a, y, dz, width);
            const double h = 1e-6;
            for (int i = 0; i < z.Length; i++)
            {
                double keep = z[i];
                z[i] = keep + h;
                double up = Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, y, width);
                z[i] = keep - h;
                double down = Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, y, width);
                z[i] = keep;
                if (Math.Abs((up - down) / (2 * h) - dz[i]) > 1e-7) return false;
            }
            return true;
        });

    [Property(MaxTest = 60)]
    public Property One_hot_cross_entropy_delta_equals_the_per_row_formula_bit_for_bit() =>
        Prop.ForAll(Shapes, s => OneHotDeltaExact<double>(s) && OneHotDeltaExact<float>(s));

    [Property(MaxTest = 40)]
    public Property Cross_entropy_sum_matches_a_scalar_reference() =>
        Prop.ForAll(Shapes, s =>
        {
            var z = Logits<double>(s.Width, s.Rows, s.Seed, 20);
            var y = new double[z.Length];
            Rng.Create((ulong)s.Seed).Fork(9).FillUniform<double>(y, 0, 1); // soft targets, any mass
            var a = new double[z.Length];
            double expected = 0;
            for (int r = 0; r < s.Rows; r++)
            {
                var lse = ReferenceLse(z.AsSpan(r * s.Width, s.Width));
                for (int k = 0; k < s.Width; k++) expected += y[r * s.Width + k] * (lse - z[r * s.Width + k]);
            }
            double actual = Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, y, s.Width);
            return Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected));
        });

    [Fact]
    public void A_NaN_or_infinite_logit_makes_its_row_NaN_and_only_its_row()
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity })
        {
            var z = Logits<double>(10, 70, 1, 3);
            z[5 * 10 + 3] = bad;
            var a = new double[z.Length];
            Activation.Softmax.Forward<double>(z, a, 10);
            for (int r = 0; r < 70; r++)
                Assert.Equal(r == 5, a.AsSpan(r * 10, 10).ToArray().All(double.IsNaN));
        }
    }

    [Fact]
    public void Huge_logits_neither_overflow_nor_underflow()
    {
        double[] z = [1000, 999, -1000, 0, 1e300, -1e300, 5, 5, 5, 5];
        var a = new double[10];
        Activation.Softmax.Forward<double>(z, a, 10);
        Assert.Equal(1.0, a[4]);
        Assert.All(a, v => Assert.True(double.IsFinite(v) && v >= 0));
        var y = new double[10];
        y[4] = 1;
        Assert.Equal(0.0, Loss.CrossEntropy.Sum<double>(Activation.Softmax, z, a, y, 10));
    }

    private static bool Close<T>((int Width, int Rows, int Seed) s, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Logits<T>(s.Width, s.Rows, s.Seed, 20);
        var a = new T[z.Length];
        Activation.Softmax.Forward<T>(z, a, s.Width);
        for (int r = 0; r < s.Rows; r++)
        {
            var row = z.AsSpan(r * s.Width, s.Width).ToArray().Select(double.CreateTruncating).ToArray();
            double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
            for (int k = 0; k < s.Width; k++)
                if (Math.Abs(double.CreateTruncating(a[r * s.Width + k]) - Math.Exp(row[k] - max) / sum) > tolerance) return false;
        }
        return true;
    }

    private static bool RowAlone<T>((int Width, int Rows, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Logits<T>(s.Width, s.Rows, s.Seed, 20);
        var batch = new T[z.Length];
        Activation.Softmax.Forward<T>(z, batch, s.Width);
        var lse = new T[s.Rows];
        RowSoftmax.LogSumExp<T>(z, s.Width, lse);
        int r = s.Seed % s.Rows;
        var alone = new T[s.Width];
        var lseAlone = new T[1];
        Activation.Softmax.Forward<T>(z.AsSpan(r * s.Width, s.Width), alone, s.Width);
        RowSoftmax.LogSumExp<T>(z.AsSpan(r * s.Width, s.Width), s.Width, lseAlone);
        return batch.AsSpan(r * s.Width, s.Width).SequenceEqual(alone) && lse[r] == lseAlone[0];
    }

    private static bool LseClose<T>((int Width, int Rows, int Seed) s, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Logits<T>(s.Width, s.Rows, s.Seed, 20);
        var lse = new T[s.Rows];
        RowSoftmax.LogSumExp<T>(z, s.Width, lse);
        for (int r = 0; r < s.Rows; r++)
        {
            double expected = ReferenceLse(z.AsSpan(r * s.Width, s.Width).ToArray().Select(double.CreateTruncating).ToArray());
            if (Math.Abs(double.CreateTruncating(lse[r]) - expected) > tolerance * Math.Max(1, Math.Abs(expected))) return false;
        }
        return true;
    }

    private static bool OneHotDeltaExact<T>((int Width, int Rows, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Logits<T>(s.Width, s.Rows, s.Seed, 5);
        var y = SoftmaxShapes.OneHot<T>(s.Width, s.Rows, s.Seed);
        var a = new T[z.Length];
        var dz = new T[z.Length];
        Activation.Softmax.Forward<T>(z, a, s.Width);
        Loss.CrossEntropy.Delta<T>(Activation.Softmax, z, a, y, dz, s.Width);
        for (int r = 0; r < z.Length; r += s.Width)
        {
            T mass = TensorPrimitives.Sum<T>(y.AsSpan(r, s.Width));
            for (int k = 0; k < s.Width; k++)
                if (dz[r + k] != a[r + k] * mass - y[r + k]) return false;
        }
        return true;
    }

    private static double ReferenceLse(ReadOnlySpan<double> row)
    {
        double max = double.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        double sum = 0;
        foreach (var v in row) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    private static T[] Logits<T>(int width, int rows, int seed, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = new T[width * rows];
        Rng.Create((ulong)seed).Fork(1).FillNormal<T>(z, 0, scale);
        return z;
    }
}
