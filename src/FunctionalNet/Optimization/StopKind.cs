namespace FunctionalNet.Optimization;

/// <summary>Why an optimization or training sequence ended.</summary>
public enum StopKind
{
    /// <summary>The gradient norm fell below the tolerance: a stationary point.</summary>
    GradientTolerance,

    /// <summary>The relative decrease of the cost fell below the tolerance.</summary>
    FunctionTolerance,

    /// <summary>The budget of function (and Hessian-vector) evaluations was spent.</summary>
    MaxEvaluations,

    /// <summary>The iteration or epoch limit was reached.</summary>
    MaxIterations,

    /// <summary>The line search found no step that lowers the cost enough (often: converged to rounding).</summary>
    LineSearchFailed,

    /// <summary>A cost or gradient became NaN or infinite; the last finite parameters are kept.</summary>
    Diverged,

    /// <summary>The monitored cost did not improve by the tolerance for the patience window (early stopping).</summary>
    NoImprovement,

    /// <summary>The run was cancelled (Ctrl+C in the shell) before its next step.</summary>
    Interrupted,
}
