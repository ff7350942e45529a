using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The AVX-512 narrow softmax (<see cref="GatheredSoftmax"/>, <see cref="RuntimeExp"/>) against the transposed path it
/// replaces where it runs (<see cref="RowSoftmax.TransposedForward{T}"/>), and the cross-entropy sum that visits only the
/// non-zero targets (<see cref="NonZeroTargets"/>) against the term-by-term fold it replaces: bit for bit, float and double.
/// On a CPU without AVX-512 the library takes the transposed path, and the comparisons hold trivially.
/// </summary>
public class GatheredSoftmaxProperties
{
    // Narrow widths (the gathered path's), row counts on both sides of a register's rows and of the loss's 256-row chunk.
    private static readonly Arbitrary<(int Width, int Rows, int Seed)> Shapes = SoftmaxShapes.Of(15, 600, 100_000);

    [Property(MaxTest = 80)]
    public Property Gathered_softmax_equals_the_transposed_path_bit_for_bit() =>
        Prop.ForAll(Shapes, s => SoftmaxMatches<double>(s, specials: false) && SoftmaxMatches<float>(s, specials: true));

    [Property(MaxTest = 80)]
    public Property Gathered_log_sum_exp_equals_the_transposed_path_bit_for_bit() =>
        Prop.ForAll(Shapes, s => LseMatches<double>(s, specials: false) && LseMatches<float>(s, specials: true));

    [Property(MaxTest = 80)]
    public Property Cross_entropy_sum_equals_the_term_by_term_fold_bit_for_bit() =>
        Prop.ForAll(Shapes, Gen.Elements(Targets.OneHot, Targets.Soft, Targets.Sparse).ToArbitrary(),
            (s, targets) => SumMatches<double>(s, targets) && SumMatches<float>(s, targets));

    [Property(MaxTest = 200)]
    public Property Inlined_exponential_is_the_runtimes_bit_for_bit() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), seed => !Vector512.IsHardwareAccelerated || ExpMatches(seed));

    // A double's e^x beyond ±708 is double.Exp's, whatever shares its register; the other lanes keep the runtime's vector bits.
    [Fact]
    public void Doubles_beyond_the_polynomials_range_take_the_scalar_exponential_lane_by_lane()
    {
        if (!Vector512.IsHardwareAccelerated) return;
        double[] x = [-1000, 3.5, double.NaN, -2.25, double.PositiveInfinity, 0.1, double.NegativeInfinity, -707.5];
        var actual = RuntimeExp.Exp(Vector512.Create(x));
        double[] inRange = [0, 3.5, 0, -2.25, 0, 0.1, 0, -707.5];
        var vector = Vector512.Exp(Vector512.Create(inRange));
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Abs(x[i]) <= 708 ? vector[i] : double.Exp(x[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual[i]));
        }
    }

    public enum Targets
    {
        OneHot,
        Soft,
        Sparse,
    }

    private static bool SoftmaxMatches<T>((int Width, int Rows, int Seed) s, bool specials) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!GatheredSoftmax.Supports<T>()) return true;
        var z = Logits<T>(s, specials);
        int n = z.Length;
        var (expected, max, sum) = (new T[n], new T[s.Rows], new T[s.Rows]);
        RowSoftmax.TransposedForward<T>(z, expected, s.Width, max, sum);
        var (actual, gotMax, gotSum) = (new T[n], new T[s.Rows], new T[s.Rows]);
        GatheredSoftmax.Forward<T>(z, actual, s.Width, gotMax, gotSum);
        var inPlace = z.ToArray();
        GatheredSoftmax.Forward<T>(inPlace, inPlace, s.Width, default, default);
        var viaRow = new T[n];
        Activation.Softmax.Forward<T>(z, viaRow, s.Width);
        return Same(expected, actual) && Same(max, gotMax) && Same(sum, gotSum) && Same(expected, inPlace) && Same(expected, viaRow);
    }

    private static bool LseMatches<T>((int Width, int Rows, int Seed) s, bool specials) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!GatheredSoftmax.Supports<T>()) return true;
        var z = Logits<T>(s, specials);
        var (expected, actual, viaRow) = (new T[s.Rows], new T[s.Rows], new T[s.Rows]);
        RowSoftmax.TransposedLogSumExp<T>(z, s.Width, expected);
        GatheredSoftmax.LogSumExp<T>(z, s.Width, actual);
        RowSoftmax.LogSumExp<T>(z, s.Width, viaRow);
        return Same(expected, actual) && Same(expected, viaRow);
    }

    // Cross-entropy's sums (recomputed and kept, unweighted and weighted) against the fold as it was before the masks:
    // every entry tested, a term y·(lse − z) for each non-zero one, times the row's weight with weights.
    private static bool SumMatches<T>((int Width, int Rows, int Seed) s, Targets targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Logits<T>(s, specials: false);
        var y = TargetRows<T>(s, targets);
        var w = new T[s.Rows];
        Rng.Create((ulong)s.Seed).Fork(4).FillUniform<T>(w, 0, 2);
        var (a, max, sum, lse) = (new T[z.Length], new T[s.Rows], new T[s.Rows], new T[s.Rows]);
        RowSoftmax.Forward<T>(z, a, s.Width, max, sum);
        RowSoftmax.LogSumExp<T>(z, s.Width, lse);
        double plain = Fold(z, y, lse, default, s.Width), weighted = Fold(z, y, lse, w, s.Width);
        return Same(plain, Loss.CrossEntropy.Sum<T>(Activation.Softmax, z, a, y, s.Width))
            && Same(weighted, Loss.CrossEntropy.WeightedSum<T>(Activation.Softmax, z, a, y, s.Width, w))
            && Same(plain, CrossEntropy.SumFromSoftmax<T>(z, max, sum, y, s.Width, default))
            && Same(weighted, CrossEntropy.SumFromSoftmax<T>(z, max, sum, y, s.Width, w));
    }

    private static double Fold<T>(T[] z, T[] y, T[] lse, T[]? weights, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int r = 0; r < lse.Length; r++)
            for (int k = 0; k < width; k++)
            {
                double yk = double.CreateTruncating(y[r * width + k]);
                if (yk == 0) continue;
                double term = yk * (double.CreateTruncating(lse[r]) - double.CreateTruncating(z[r * width + k]));
                total += weights is null ? term : double.CreateTruncating(weights[r]) * term;
            }
        return total;
    }

    private static bool ExpMatches(int seed)
    {
        var rng = Rng.Create((ulong)seed);
        var d = new double[8];
        rng.Fork(1).FillUniform<double>(d, -708, 708);
        var f = new float[16];
        rng.Fork(2).FillNormal<float>(f, 0, 40);
        int pick = seed % 16;
        f[pick] = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 89f, -104f, -88f, 1e-30f, float.Epsilon }[seed % 10];
        var dv = Vector512.Create(d);
        var fv = Vector512.Create(f);
        return Vector512.EqualsAll(RuntimeExp.Exp(dv).AsUInt64(), Vector512.Exp(dv).AsUInt64())
            && Vector512.EqualsAll(RuntimeExp.Exp(fv).AsUInt32(), Vector512.Exp(fv).AsUInt32());
    }

    // Normal logits at a scale from 1 to 50 (so that double rows stay within the exponential's polynomial range, where the
    // transposed path's runtime exponential is lane-wise too); float rows may also hold NaN, ±∞ and huge values.
    private static T[] Logits<T>((int Width, int Rows, int Seed) s, bool specials) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)s.Seed);
        var z = new T[s.Width * s.Rows];
        rng.Fork(1).FillNormal<T>(z, 0, 1 + s.Seed % 50);
        if (specials && s.Seed % 3 == 0)
        {
            T[] odd = [T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.CreateTruncating(1e30), T.CreateTruncating(-1e30), T.NegativeZero];
            for (int i = 0; i < odd.Length; i++) z[rng.Fork((ulong)(10 + i)).NextInt(0, z.Length)] = odd[i];
        }
        return z;
    }

    private static T[] TargetRows<T>((int Width, int Rows, int Seed) s, Targets targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (targets == Targets.OneHot) return SoftmaxShapes.OneHot<T>(s.Width, s.Rows, s.Seed);
        var rng = Rng.Create((ulong)s.Seed).Fork(2);
        var y = new T[s.Width * s.Rows];
        switch (targets)
        {
            case Targets.Soft:
                rng.FillUniform<T>(y, 0, 1);
                break;
            default:
                // Mostly zeros, some negative zeros, a few positive masses.
                for (int i = 0; i < y.Length; i++)
                {
                    int draw = rng.NextInt((ulong)i, 8);
                    y[i] = draw == 0 ? T.CreateTruncating(0.25 * (1 + i % 3)) : draw == 1 ? T.NegativeZero : T.Zero;
                }
                break;
        }
        return y;
    }

    private static bool Same<T>(T[] a, T[] b) where T : unmanaged => MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
