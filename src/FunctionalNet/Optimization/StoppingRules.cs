using System.Globalization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization;

/// <summary>
/// When a minimizer stops, like scipy's options: an evaluation budget (an exact Hessian-vector product counts as
/// one evaluation, as scipy counts its finite-difference ones), an iteration limit, a gradient tolerance and a
/// relative function tolerance.
/// </summary>
public sealed record StoppingRules
{
    private StoppingRules(int maxEvaluations, int maxIterations, double gradientTolerance, double functionTolerance)
    {
        MaxEvaluations = maxEvaluations;
        MaxIterations = maxIterations;
        GradientTolerance = gradientTolerance;
        FunctionTolerance = functionTolerance;
    }

    /// <summary>Stop once this many evaluations are spent.</summary>
    public int MaxEvaluations { get; }

    /// <summary>Stop after this many accepted steps.</summary>
    public int MaxIterations { get; }

    /// <summary>Stop when ‖∇f‖∞ ≤ this (scipy L-BFGS-B's <c>pgtol</c>, default 1e-5).</summary>
    public double GradientTolerance { get; }

    /// <summary>Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ this (L-BFGS-B's <c>ftol</c>, default 2.2e-9); 0 disables.</summary>
    public double FunctionTolerance { get; }

    /// <summary>Defaults: 15 000 evaluations, 15 000 iterations, gradient tolerance 1e-5, function tolerance 2.2e-9.</summary>
    public static StoppingRules Default { get; } = new(15000, 15000, 1e-5, 2.220446049250313e-9);

    /// <summary>Validated stopping rules; every problem is reported.</summary>
    public static Validation<Error, StoppingRules> Create(int maxEvaluations = 15000, int maxIterations = 15000,
        double gradientTolerance = 1e-5, double functionTolerance = 2.220446049250313e-9)
    {
        var errors = new List<Error>();
        if (maxEvaluations < 1) errors.Add(new Error("stopping.max-evaluations", $"the evaluation budget must be ≥ 1, found {maxEvaluations}"));
        if (maxIterations < 1) errors.Add(new Error("stopping.max-iterations", $"the iteration limit must be ≥ 1, found {maxIterations}"));
        if (!(gradientTolerance >= 0) || double.IsInfinity(gradientTolerance))
            errors.Add(new Error("stopping.gradient-tolerance", $"the gradient tolerance must be finite and ≥ 0, found {gradientTolerance.ToString(CultureInfo.InvariantCulture)}"));
        if (!(functionTolerance >= 0) || double.IsInfinity(functionTolerance))
            errors.Add(new Error("stopping.function-tolerance", $"the function tolerance must be finite and ≥ 0, found {functionTolerance.ToString(CultureInfo.InvariantCulture)}"));
        return errors.Count == 0
            ? Success<Error, StoppingRules>(new StoppingRules(maxEvaluations, maxIterations, gradientTolerance, functionTolerance))
            : Validation<Error, StoppingRules>.Fail(errors.ToSeq());
    }
}
