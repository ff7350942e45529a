using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// e^x for 512-bit registers with the bits of the runtime's <c>Vector512.Exp</c> (and so of <c>TensorPrimitives.Exp</c>,
/// which calls it), inlined: the runtime's is a call per register, which cost the softmax more than its arithmetic. The
/// same steps as the runtime's (AMD's aocl-libm <c>vrd2_exp</c> and <c>vrs4_expf</c>): the same constants, the same
/// multiply-adds (<c>MultiplyAddEstimate</c>, fused wherever the hardware fuses), in the same order. The property tests
/// compare it with <c>Vector512.Exp</c> bit for bit, so a runtime that changes its algorithm is noticed.
/// <para>
/// Doubles beyond ±708 are the one difference: the runtime then sends the whole register to the scalar <c>double.Exp</c>
/// (measured on .NET 10.0.12 once tiered up), so a lane's bits depend on its neighbours; here only those lanes take <c>double.Exp</c> and the others keep the polynomial,
/// so a lane's bits depend on its own value alone (a softmax row's on its own logits, whichever rows share its register).
/// </para>
/// </summary>
internal static class RuntimeExp
{
    private const double Shifter = 6755399441055744.0; // 1.5 · 2^52: adding it rounds to an integer kept in the low bits
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Head = 0.693359375, Ln2Tail = -0.00021219444005469057;
    private const ulong DoubleArgumentMax = 0x4086200000000000; // 708.0: |x| beyond it takes the scalar exponential
    private const float SingleMin = -103.97208f, SingleMax = 88.72284f;

    /// <summary>e^x for doubles: n = round(x / ln 2), r = x − n ln 2 (ln 2 in two parts), e^r by a degree-12 polynomial, times 2^n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var dn = Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(Shifter));
        var n = dn.AsUInt64();
        dn -= Vector512.Create(Shifter);
        var r = Vector512.MultiplyAddEstimate(dn, Vector512.Create(-Ln2Head), x);
        r = Vector512.MultiplyAddEstimate(dn, Vector512.Create(-Ln2Tail), r);
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var high = Vector512.MultiplyAddEstimate(
            Vector512.MultiplyAddEstimate(Vector512.Create(2.499430431958571E-08), r, Vector512.Create(2.7632293298250954E-07)), r2,
            Vector512.MultiplyAddEstimate(Vector512.Create(2.7557622532543023E-06), r, Vector512.Create(2.4801486521374483E-05)));
        var middle = Vector512.MultiplyAddEstimate(
            Vector512.MultiplyAddEstimate(Vector512.Create(0.00019841269432677495), r, Vector512.Create(0.001388888895122404)), r2,
            Vector512.MultiplyAddEstimate(Vector512.Create(0.008333333333559272), r, Vector512.Create(0.04166666666649277)));
        var low = Vector512.MultiplyAddEstimate(
            Vector512.MultiplyAddEstimate(Vector512.Create(0.1666666666666617), r, Vector512.Create(0.5000000000000018)), r2,
            r + Vector512<double>.One);
        var poly = Vector512.MultiplyAddEstimate(high, r8, Vector512.MultiplyAddEstimate(middle, r4, low));
        var result = poly * ((n + Vector512.Create(1023UL)) << 52).AsDouble();
        // NaN's bits compare above the limit too, so NaN lanes take double.Exp (which returns them).
        var outside = Vector512.GreaterThan(Vector512.Abs(x).AsUInt64(), Vector512.Create(DoubleArgumentMax));
        return outside == Vector512<ulong>.Zero ? result : Outside(x, result, outside);
    }

    // The lanes beyond ±708 (under- or overflow, ±∞, NaN) from the scalar exponential, as the runtime forms them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<double> Outside(Vector512<double> x, Vector512<double> result, Vector512<ulong> outside)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
            if (outside[i] != 0) result = result.WithElement(i, double.Exp(x[i]));
        return result;
    }

    /// <summary>
    /// e^x for floats: each half widened to double, n = round(x / ln 2) and 2^(x/ln 2 − n) by a degree-5 polynomial, 2^n added
    /// to the exponent, narrowed; above 88.72 gives ∞ and below −103.97 gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var result = Vector512.Narrow(SingleCore(Vector512.WidenLower(x)), SingleCore(Vector512.WidenUpper(x)));
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(SingleMax)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.AndNot(result, Vector512.LessThan(x, Vector512.Create(SingleMin)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> SingleCore(Vector512<double> x)
    {
        var z = x * Vector512.Create(Log2E);
        var dn = z + Vector512.Create(Shifter);
        var n = dn.AsUInt64();
        var r = z - (dn - Vector512.Create(Shifter));
        var r2 = r * r;
        var r4 = r2 * r2;
        var poly = Vector512.MultiplyAddEstimate(r4,
            Vector512.MultiplyAddEstimate(Vector512.Create(0.001341000536524434), r, Vector512.Create(0.009676036358193323)),
            Vector512.MultiplyAddEstimate(r2,
                Vector512.MultiplyAddEstimate(Vector512.Create(0.05550297297702539), r, Vector512.Create(0.2402210737432219)),
                Vector512.MultiplyAddEstimate(Vector512.Create(0.6931472254087585), r, Vector512.Create(1.0000000754895704))));
        return (poly.AsUInt64() + (n << 52)).AsDouble();
    }
}
