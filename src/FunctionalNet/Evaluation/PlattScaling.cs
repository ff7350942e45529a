using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Platt scaling: the slope a and intercept b minimising the mean log-loss of sigmoid(a·zᵢ + b) on held-out rows'
/// 0/1 labels — a logistic regression on the one feature z, without a penalty and with the labels as they are.
/// </summary>
public static class PlattScaling
{
    private const int MaxSteps = 100;

    /// <summary>
    /// The fitted <see cref="Calibration.Platt"/>. The loss is convex in (a, b); Newton's method with a halving line
    /// search starts at a = 1, b = 0 (the logits as they are), so the fitted loss is never above the uncalibrated one.
    /// </summary>
    /// <returns>
    /// An error for differing lengths, no rows, a label other than 0 or 1 or a non-finite logit; when every logit is
    /// the same (they carry no information); or when the logit separates the classes, every class-0 logit at most every class-1 logit or the reverse (the loss falls without end as
    /// a grows, so no finite slope is best).
    /// </returns>
    public static Either<Error, Calibration.Platt> Fit(IReadOnlyList<int> actual, IReadOnlyList<double> logits)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(logits);
        if (actual.Count != logits.Count || actual.Count == 0)
            return new Error("calibration.rows", $"Platt scaling needs one logit per label and at least one row, found {logits.Count} and {actual.Count}");
        int bad = Enumerable.Range(0, actual.Count).FirstOrDefault(i => actual[i] is not (0 or 1) || !double.IsFinite(logits[i]), -1);
        if (bad >= 0)
            return new Error("calibration.rows", $"row {bad} has label {actual[bad]} and logit {logits[bad]}; expected a 0/1 label and a finite logit");
        if (logits.All(z => z == logits[0]))
            return new Error("calibration.uninformative", "Platt scaling: every held-out row has the same logit; it carries no information");
        if (Separated(actual, logits))
            return new Error("calibration.separable", "Platt scaling: the logit separates the held-out rows' classes, so the log-loss keeps falling as the slope grows; no finite slope is best");
        double a = 1, b = 0, loss = Loss(actual, logits, a, b);
        for (int step = 0; step < MaxSteps; step++)
        {
            var (ga, gb, haa, hab, hbb) = Derivatives(actual, logits, a, b);
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) break;
            double da = -(hbb * ga - hab * gb) / det, db = -(haa * gb - hab * ga) / det;
            // The Newton decrement: below this the step changes the loss by less than its rounding.
            if (-(ga * da + gb * db) <= 1e-30) break;
            double t = 1;
            while (t > 1e-12 && !(Loss(actual, logits, a + t * da, b + t * db) < loss)) t /= 2;
            double next = Loss(actual, logits, a + t * da, b + t * db);
            if (!(next < loss)) break;
            (a, b, loss) = (a + t * da, b + t * db, next);
        }
        return new Calibration.Platt(a, b);
    }

    /// <summary>Mean log-loss of sigmoid(<paramref name="slope"/>·z + <paramref name="intercept"/>) on the 0/1 labels.</summary>
    public static double Loss(IReadOnlyList<int> actual, IReadOnlyList<double> logits, double slope, double intercept)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(logits);
        double sum = 0;
        for (int i = 0; i < logits.Count; i++)
        {
            double s = slope * logits[i] + intercept;
            // −log σ(s) for label 1, −log(1 − σ(s)) = −log σ(−s) for label 0: softplus(∓s), computed without overflow.
            double u = actual[i] == 1 ? -s : s;
            sum += u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));
        }
        return sum / logits.Count;
    }

    // Gradient and Hessian of the mean loss in (a, b): with p = σ(a·z + b), g = mean((p − y)·(z, 1)), H = mean(p(1 − p)·(z, 1)(z, 1)ᵀ).
    private static (double Ga, double Gb, double Haa, double Hab, double Hbb) Derivatives(IReadOnlyList<int> actual, IReadOnlyList<double> logits, double a, double b)
    {
        double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
        for (int i = 0; i < logits.Count; i++)
        {
            double z = logits[i], p = 1 / (1 + Math.Exp(-(a * z + b))), r = p - actual[i], w = p * (1 - p);
            ga += r * z;
            gb += r;
            haa += w * z * z;
            hab += w * z;
            hbb += w;
        }
        int n = logits.Count;
        return (ga / n, gb / n, haa / n, hab / n, hbb / n);
    }

    // One class only, or no logit of one class above any of the other (quasi-separation): the infimum is not attained.
    private static bool Separated(IReadOnlyList<int> actual, IReadOnlyList<double> logits)
    {
        double lo0 = double.PositiveInfinity, hi0 = double.NegativeInfinity, lo1 = double.PositiveInfinity, hi1 = double.NegativeInfinity;
        for (int i = 0; i < logits.Count; i++)
        {
            if (actual[i] == 1) (lo1, hi1) = (Math.Min(lo1, logits[i]), Math.Max(hi1, logits[i]));
            else (lo0, hi0) = (Math.Min(lo0, logits[i]), Math.Max(hi0, logits[i]));
        }
        return double.IsInfinity(lo0) || double.IsInfinity(lo1) || hi0 <= lo1 || hi1 <= lo0;
    }
}
