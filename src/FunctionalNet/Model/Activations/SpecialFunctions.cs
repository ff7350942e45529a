namespace FunctionalNet.Model.Activations;

/// <summary>
/// The scalar functions .NET lacks or computes inaccurately: erf and erfc (for GELU) and log(1 + u) for tiny u
/// (for softplus and the cross-entropies), in double precision.
/// </summary>
/// <remarks>
/// erf and erfc are W. J. Cody's near-minimax rational approximations ("Rational Chebyshev approximations for the
/// error function", Math. Comp. 23 (1969) 631–637), with the coefficients of his SPECFUN routine CALERF (netlib,
/// 1990): three intervals, each accurate to at least 18 significant digits in exact arithmetic. In double they stay
/// within 4 ulps of the correctly rounded value over the normal range (checked against PyTorch in the tests).
/// </remarks>
internal static class SpecialFunctions
{
    /// <summary>erf x = (2/√π)∫₀ˣ e^(−t²) dt; odd, ±1 beyond |x| ≈ 6.</summary>
    public static double Erf(double x)
    {
        double y = Math.Abs(x);
        if (y <= Inner) return x * InnerRatio(y * y);
        double r = 1 - ErfcAbove(y);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc x = 1 − erf x, with full relative precision in the right tail (down to the subnormals near x = 27).</summary>
    public static double Erfc(double x)
    {
        double y = Math.Abs(x);
        if (y <= Inner) return 1 - x * InnerRatio(y * y);
        double c = ErfcAbove(y);
        return x < 0 ? 2 - c : c;
    }

    /// <summary>log(1 + u) accurate for tiny u (the classic correction; .NET's LogP1 is log(1 + u)).</summary>
    public static double Log1p(double u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : Math.Log(w) * u / (w - 1.0);
    }

    // Where erf x = x·R(x²) is used; above it erfc is approximated and erf = 1 − erfc.
    internal const double Inner = 0.46875;

    // The middle interval's upper end, and where erfc underflows to zero in double.
    internal const double Middle = 4, Underflow = 27.3;

    internal const double OneOverSqrtPi = 0.56418958354775628695;

    // Coefficients highest degree first (Horner); each denominator is monic. The ONNX exporter spells the same ones out.
    internal static readonly double[] InnerNumerator =
        [1.85777706184603153e-1, 3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3];

    internal static readonly double[] InnerDenominator =
        [1, 2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];

    internal static readonly double[] MiddleNumerator =
    [
        2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2,
        8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3,
    ];

    internal static readonly double[] MiddleDenominator =
    [
        1, 1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
        3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
    ];

    internal static readonly double[] OuterNumerator =
    [
        1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4,
    ];

    internal static readonly double[] OuterDenominator =
        [1, 2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    private static double InnerRatio(double t) => Horner(InnerNumerator, t) / Horner(InnerDenominator, t);

    // erfc y for y > Inner: e^(−y²)·R(y) up to 4, then e^(−y²)/y·(1/√π − R(1/y²)/y²) (the asymptotic series' shape).
    private static double ErfcAbove(double y)
    {
        if (y <= Middle) return ExpMinusSquare(y) * (Horner(MiddleNumerator, y) / Horner(MiddleDenominator, y));
        if (!(y < Underflow)) return y >= Underflow ? 0 : double.NaN;
        double t = 1 / (y * y);
        double tail = t * Horner(OuterNumerator, t) / Horner(OuterDenominator, t);
        return ExpMinusSquare(y) * ((OneOverSqrtPi - tail) / y);
    }

    // e^(−y²) without the rounding of y² magnified by the exponential: y = s + (y − s) with s on a 1/16 grid, so s² is
    // exact and only the small (y − s)(y + s) carries a rounding error.
    private static double ExpMinusSquare(double y)
    {
        double s = Math.Truncate(y * 16) / 16;
        return Math.Exp(-s * s) * Math.Exp(-(y - s) * (y + s));
    }

    private static double Horner(double[] coefficients, double t)
    {
        double acc = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++) acc = acc * t + coefficients[i];
        return acc;
    }
}
