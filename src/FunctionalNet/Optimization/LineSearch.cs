using System.Numerics.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>The outcome of a line search: the accepted step and whether it met the strong Wolfe conditions.</summary>
internal readonly record struct LineSearchResult(bool Satisfied, double Step, double Cost);

/// <summary>
/// Strong-Wolfe line search (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6) with
/// cubic interpolation: finds α with f(x+αd) ≤ f + c₁α∇fᵀd and |∇f(x+αd)ᵀd| ≤ c₂|∇fᵀd|. On a quadratic the
/// cubic through two points with slopes is exact, so one interpolation lands on the exact minimiser.
/// Keeps one gradient-sized scratch buffer between searches, so each minimizer run makes its own.
/// </summary>
internal sealed class LineSearch(double c1, double c2)
{
    private const int MaxTrials = 30;

    // The best sufficient-decrease point's gradient, kept across searches (a minimizer run searches once per iteration).
    private double[] gLo = [];

    /// <summary>
    /// Searches from (x, f, g) along d. On return <paramref name="xNew"/>/<paramref name="gNew"/> hold the best point found
    /// (the accepted one, or the lowest sufficient-decrease point when the search failed; x itself if none).
    /// </summary>
    public LineSearchResult Search(EvaluationBudget budget, ReadOnlySpan<double> x, double f, ReadOnlySpan<double> g,
        ReadOnlySpan<double> d, double initialStep, Span<double> xNew, Span<double> gNew)
    {
        double slope0 = TensorPrimitives.Dot(g, d);
        if (gLo.Length != x.Length) gLo = new double[x.Length];
        g.CopyTo(gLo);
        double aLo = 0, fLo = f, dLo = slope0;
        double aPrev = 0, fPrev = f, dPrev = slope0;
        double a = initialStep;
        bool bracketed = false;
        double aHi = 0, fHi = 0, dHi = 0;

        for (int trial = 0; trial < MaxTrials && budget.Remaining > 0; trial++)
        {
            if (bracketed) a = Interpolate(aLo, fLo, dLo, aHi, fHi, dHi);
            double fa = Probe(budget, x, d, a, xNew, gNew);
            double da = TensorPrimitives.Dot(gNew, d);

            if (!bracketed)
            {
                if (!(fa <= f + c1 * a * slope0) || (trial > 0 && fa >= fPrev))
                {
                    bracketed = true;
                    (aLo, fLo, dLo, aHi, fHi, dHi) = (aPrev, fPrev, dPrev, a, fa, da);
                    continue;
                }
                if (Math.Abs(da) <= -c2 * slope0) return new LineSearchResult(true, a, fa);
                RememberLo(gNew, gLo, ref aLo, ref fLo, ref dLo, a, fa, da);
                if (da >= 0)
                {
                    bracketed = true;
                    (aHi, fHi, dHi) = (aPrev, fPrev, dPrev);
                    continue;
                }
                double next = Extrapolate(aPrev, fPrev, dPrev, a, fa, da);
                (aPrev, fPrev, dPrev) = (a, fa, da);
                a = next;
                continue;
            }

            if (!(fa <= f + c1 * a * slope0) || fa >= fLo)
            {
                (aHi, fHi, dHi) = (a, fa, da);
            }
            else
            {
                if (Math.Abs(da) <= -c2 * slope0) return new LineSearchResult(true, a, fa);
                if (da * (aHi - aLo) >= 0) (aHi, fHi, dHi) = (aLo, fLo, dLo);
                RememberLo(gNew, gLo, ref aLo, ref fLo, ref dLo, a, fa, da);
            }
            if (Math.Abs(aHi - aLo) <= 1e-14 * Math.Max(1, aLo)) break;
        }

        // No Wolfe point within the trials or the budget: fall back to the best sufficient-decrease point, if any.
        TensorPrimitives.MultiplyAdd(d, aLo, x, xNew);
        gLo.CopyTo(gNew);
        return new LineSearchResult(false, aLo, fLo);
    }

    private static void RememberLo(ReadOnlySpan<double> gNew, double[] gLo, ref double aLo, ref double fLo, ref double dLo, double a, double fa, double da)
    {
        gNew.CopyTo(gLo);
        (aLo, fLo, dLo) = (a, fa, da);
    }

    private static double Probe(EvaluationBudget budget, ReadOnlySpan<double> x, ReadOnlySpan<double> d, double a, Span<double> xNew, Span<double> gNew)
    {
        TensorPrimitives.MultiplyAdd(d, a, x, xNew);
        return budget.Evaluate(xNew, gNew);
    }

    /// <summary>Minimiser of the cubic matching values and slopes at both ends, kept inside the bracket.</summary>
    private static double Interpolate(double a0, double f0, double d0, double a1, double f1, double d1)
    {
        double lo = Math.Min(a0, a1), hi = Math.Max(a0, a1), width = hi - lo;
        // When the two costs agree to rounding their difference is noise: use the slopes alone (secant, exact on a quadratic).
        bool costsAreNoise = Math.Abs(f1 - f0) <= 1e-10 * Math.Max(Math.Abs(f0), Math.Abs(f1));
        double t = costsAreNoise && d0 * d1 < 0 ? a0 - d0 * (a1 - a0) / (d1 - d0) : CubicMinimizer(a0, f0, d0, a1, f1, d1);
        // Safeguard: stay 1% inside the bracket so it always shrinks; bisect when the cubic has no minimiser there.
        if (!double.IsFinite(t) || t <= lo || t >= hi) return lo + 0.5 * width;
        return Math.Clamp(t, lo + 0.01 * width, hi - 0.01 * width);
    }

    private static double Extrapolate(double aOld, double fOld, double dOld, double a, double fa, double da)
    {
        // Still descending: step to the cubic's minimiser when it lies further out, within [1.1α, 10α].
        double t = CubicMinimizer(aOld, fOld, dOld, a, fa, da);
        if (!double.IsFinite(t) || t <= a) t = 4 * a;
        return Math.Clamp(t, 1.1 * a, 10 * a);
    }

    private static double CubicMinimizer(double a0, double f0, double d0, double a1, double f1, double d1)
    {
        double h = a1 - a0;
        if (h == 0) return double.NaN;
        double theta = d0 + d1 - 3 * (f1 - f0) / h;
        double disc = theta * theta - d0 * d1;
        if (disc < 0) return double.NaN;
        double gamma = Math.Sign(h) * Math.Sqrt(disc);
        double denominator = d1 - d0 + 2 * gamma;
        return denominator == 0 ? double.NaN : a1 - h * (d1 + gamma - theta) / denominator;
    }
}
