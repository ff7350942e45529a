using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// The register-held column sums of narrow rows (<see cref="NarrowColumnSums"/>, <see cref="Gemm.SumRows{T}"/>'s narrow
/// case, the R-operator's bias sums) against the element-by-element loop they replace, bit for bit: every width up to 40 (past four registers' reach), row counts around a
/// register's reach, float and double, with signed zeros, NaN and infinities among the values.
/// </summary>
public class NarrowColumnSumsProperties
{
    private static readonly Arbitrary<(int Width, int Rows, int Seed)> Shapes =
        Gen.Choose(1, 40).SelectMany(w => Gen.Choose(0, 300).SelectMany(r => Gen.Choose(0, 100_000).Select(s => (w, r, s)))).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property Column_sums_equal_the_row_by_row_loop_bit_for_bit() =>
        Prop.ForAll(Shapes, s => Matches<double>(s) && Matches<float>(s));

    private static bool Matches<T>((int Width, int Rows, int Seed) s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)s.Seed);
        // A ragged tail (fewer than a row's entries past the last row) is ignored by both.
        var a = new T[s.Width * s.Rows + s.Seed % s.Width];
        rng.Fork(1).FillNormal<T>(a, 0, 1e3);
        if (a.Length > 0 && s.Seed % 4 == 0)
        {
            T[] odd = [T.NegativeZero, T.NaN, T.PositiveInfinity, T.NegativeInfinity];
            a[rng.Fork(2).NextInt(0, a.Length)] = odd[s.Seed / 4 % odd.Length];
        }
        if (s.Seed % 5 == 0) Array.Fill(a, T.NegativeZero); // −0 columns stay +0, summed from +0
        var expected = new T[s.Width];
        for (int i = 0; i + s.Width <= a.Length; i += s.Width)
            for (int j = 0; j < s.Width; j++) expected[j] += a[i + j];
        var actual = new T[s.Width];
        actual.AsSpan().Fill(T.One); // overwritten
        Gemm.SumRows<T>(a, actual);
        var registers = new T[s.Width];
        NarrowColumnSums.Run<T>(a, registers);
        return MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan()))
            && MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(registers.AsSpan()));
    }
}
