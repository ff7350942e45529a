using System.Collections.Immutable;
using System.Globalization;
using System.Numerics.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization;

/// <summary>
/// Levenberg–Marquardt for f(x) = ½‖r(x)‖² (Levenberg 1944; Marquardt 1963; Hagan &amp; Menhaj 1994, MATLAB's
/// <c>trainlm</c>): solve (JᵀJ + μI) δ = −Jᵀr; accept x + δ and set μ ← μ·<see cref="Decrease"/> when the cost falls,
/// otherwise μ ← μ·<see cref="Increase"/> and solve again. Large μ is a short gradient step, small μ is Gauss–Newton.
/// Each Jacobian and each residual-only trial counts as one evaluation. Forms the n × n normal matrix, so it is for small
/// networks (hundreds of parameters).
/// </summary>
public sealed record LevenbergMarquardt
{
    private LevenbergMarquardt(StoppingRules stopping, double mu, double increase, double decrease, double maxMu)
    {
        Stopping = stopping;
        InitialMu = mu;
        Increase = increase;
        Decrease = decrease;
        MaxMu = maxMu;
    }

    /// <summary>When the sequence ends.</summary>
    public StoppingRules Stopping { get; }

    /// <summary>μ₀ (trainlm: 1e-3).</summary>
    public double InitialMu { get; }

    /// <summary>μ multiplier after a rejected step (trainlm: 10).</summary>
    public double Increase { get; }

    /// <summary>μ multiplier after an accepted step (trainlm: 0.1).</summary>
    public double Decrease { get; }

    /// <summary>The run stops when μ would exceed this (trainlm: 1e10).</summary>
    public double MaxMu { get; }

    /// <summary>Validated Levenberg–Marquardt; defaults are MATLAB <c>trainlm</c>'s.</summary>
    public static Validation<Error, LevenbergMarquardt> Create(StoppingRules? stopping = null, double mu = 1e-3, double increase = 10,
        double decrease = 0.1, double maxMu = 1e10)
    {
        var errors = new List<Error>();
        if (!(mu > 0 && double.IsFinite(mu))) errors.Add(new Error("lm.mu", $"lm: the initial damping μ must be finite and > 0, found {Format(mu)}"));
        if (!(increase > 1 && double.IsFinite(increase))) errors.Add(new Error("lm.increase", $"lm: the increase factor must be finite and > 1, found {Format(increase)}"));
        if (!(decrease > 0 && decrease < 1)) errors.Add(new Error("lm.decrease", $"lm: the decrease factor must lie in (0, 1), found {Format(decrease)}"));
        if (!(maxMu > mu)) errors.Add(new Error("lm.max-mu", $"lm: the largest damping must exceed the initial μ = {Format(mu)}, found {Format(maxMu)}"));
        return errors.Count == 0
            ? Success<Error, LevenbergMarquardt>(new LevenbergMarquardt(stopping ?? StoppingRules.Default, mu, increase, decrease, maxMu))
            : Validation<Error, LevenbergMarquardt>.Fail(errors.ToSeq());
    }

    /// <summary>Lazily minimizes ½‖r‖² from <paramref name="start"/>; the last iterate carries the stop reason.</summary>
    /// <exception cref="ArgumentException">The start does not have the objective's dimension.</exception>
    public IEnumerable<MinimizerIterate> Minimize(LeastSquaresObjective objective, ImmutableArray<double> start)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (start.IsDefault || start.Length != objective.Dimension)
            throw new ArgumentException($"the objective has dimension {objective.Dimension}, the start has {(start.IsDefault ? 0 : start.Length)}", nameof(start));
        return Run(objective, start);
    }

    private IEnumerable<MinimizerIterate> Run(LeastSquaresObjective objective, ImmutableArray<double> start)
    {
        int n = objective.Dimension, p = objective.Residuals, evaluations = 0;
        double[] x = [.. start], trial = new double[n], r = new double[p], rTrial = new double[p], jacobian = new double[p * n];
        double[] g = new double[n], normal = new double[n * n], delta = new double[n];
        double mu = InitialMu;

        objective.Evaluate(x, r, jacobian);
        evaluations++;
        double f = 0.5 * TensorPrimitives.Dot<double>(r, r);
        Gradient(jacobian, r, g, n, p);
        StopReason? stop = !double.IsFinite(f) || !AllFinite(g)
            ? new StopReason(StopKind.Diverged, $"lm: the residuals at the starting point are not finite (cost {Format(f)})")
            : GradientStop(g, 0);
        yield return Iterate(0, x, f, g, evaluations, stop);
        if (stop is not null) yield break;

        for (int k = 1; ; k++)
        {
            // Try damped Gauss–Newton steps until one lowers the cost.
            double fTrial;
            while (true)
            {
                NormalMatrix(jacobian, normal, n, p, mu);
                TensorPrimitives.Negate<double>(g, delta);
                bool solved = CholeskySolve(normal, delta, n);
                TensorPrimitives.Add<double>(x, delta, trial);
                fTrial = double.NaN;
                if (solved)
                {
                    objective.Evaluate(trial, rTrial, []);
                    evaluations++;
                    fTrial = 0.5 * TensorPrimitives.Dot<double>(rTrial, rTrial);
                }
                if (fTrial < f) { mu *= Decrease; break; }
                mu *= Increase;
                if (mu > MaxMu || evaluations >= Stopping.MaxEvaluations)
                {
                    var why = mu > MaxMu
                        ? new StopReason(StopKind.LineSearchFailed, $"lm: the damping μ exceeded {Format(MaxMu)} at iteration {k} without lowering the cost")
                        : new StopReason(StopKind.MaxEvaluations, $"lm: the budget of {Stopping.MaxEvaluations} evaluations is spent at iteration {k}");
                    yield return Iterate(k - 1, x, f, g, evaluations, why);
                    yield break;
                }
            }

            double fOld = f;
            (x, trial) = (trial, x);
            objective.Evaluate(x, r, jacobian);
            evaluations++;
            f = 0.5 * TensorPrimitives.Dot<double>(r, r);
            Gradient(jacobian, r, g, n, p);
            stop = GradientStop(g, k)
                ?? ((fOld - f) <= Stopping.FunctionTolerance * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(f)), 1)
                    ? new StopReason(StopKind.FunctionTolerance, $"lm: relative decrease ≤ {Format(Stopping.FunctionTolerance)} at iteration {k}") : null)
                ?? (evaluations >= Stopping.MaxEvaluations ? new StopReason(StopKind.MaxEvaluations, $"lm: the budget of {Stopping.MaxEvaluations} evaluations is spent at iteration {k}") : null)
                ?? (k >= Stopping.MaxIterations ? new StopReason(StopKind.MaxIterations, $"lm: reached the limit of {Stopping.MaxIterations} iterations") : null);
            yield return Iterate(k, x, f, g, evaluations, stop);
            if (stop is not null) yield break;
        }
    }

    private StopReason? GradientStop(ReadOnlySpan<double> g, int iteration) =>
        g.IsEmpty || Math.Abs(TensorPrimitives.MaxMagnitude(g)) <= Stopping.GradientTolerance
            ? new StopReason(StopKind.GradientTolerance, $"lm: ‖g‖∞ ≤ {Format(Stopping.GradientTolerance)} at iteration {iteration}")
            : null;

    private static MinimizerIterate Iterate(int k, double[] x, double f, double[] g, int evaluations, StopReason? stop) =>
        new(k, ImmutableArray.Create(x), f, TensorPrimitives.Norm<double>(g), evaluations, stop);

    /// <summary>g = Jᵀr.</summary>
    private static void Gradient(double[] jacobian, double[] r, double[] g, int n, int p)
    {
        System.Array.Clear(g);
        for (int i = 0; i < p; i++) TensorPrimitives.MultiplyAdd(jacobian.AsSpan(i * n, n), r[i], g, g);
    }

    /// <summary>A = JᵀJ + μ·diag(1) (Levenberg's damping; trainlm's).</summary>
    private static void NormalMatrix(double[] jacobian, double[] a, int n, int p, double mu)
    {
        System.Array.Clear(a);
        for (int i = 0; i < p; i++)
        {
            var row = jacobian.AsSpan(i * n, n);
            for (int c = 0; c < n; c++)
                if (row[c] != 0) TensorPrimitives.MultiplyAdd(row, row[c], a.AsSpan(c * n, n), a.AsSpan(c * n, n));
        }
        for (int c = 0; c < n; c++) a[c * n + c] += mu;
    }

    /// <summary>Solves A x = b in place (b becomes x) by Cholesky; false when A is not numerically positive definite.</summary>
    private static bool CholeskySolve(double[] a, double[] b, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) return false;
            double l = Math.Sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / l;
            }
        }
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= a[i * n + k] * b[k];
            b[i] = s / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
        return true;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
