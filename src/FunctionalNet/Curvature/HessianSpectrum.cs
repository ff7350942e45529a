using System.Collections.Immutable;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Curvature;

/// <summary>
/// The Hessian's view of a network at given weights: the extreme eigenvalues of H = ∇²J of the training cost J (as
/// <see cref="Network.Cost{T}"/> defines it, L2 term included) found by <see cref="Lanczos"/> on exact R-operator
/// products H·v, with the cost and the gradient norm there. λmax is the sharpness (how fast the cost rises along the
/// steepest-curving direction: gradient descent diverges above a step of 2/λmax); λmax/|λmin| compares the extreme
/// curvatures.
/// </summary>
/// <param name="Cost">J at the weights.</param>
/// <param name="GradientNorm">‖∇J‖₂ at the weights: near 0 at a stationary point.</param>
/// <param name="Parameters">Number of parameters, the Hessian's dimension.</param>
/// <param name="Samples">Rows of the data the cost is taken on.</param>
/// <param name="Top">The largest Ritz pairs, largest first.</param>
/// <param name="Bottom">The smallest Ritz pairs, smallest first.</param>
/// <param name="Steps">Lanczos steps, one H·v product each.</param>
/// <param name="Converged">True when every wanted pair met the Lanczos tolerance.</param>
public sealed record HessianSpectrum(double Cost, double GradientNorm, int Parameters, int Samples,
    ImmutableArray<RitzPair> Top, ImmutableArray<RitzPair> Bottom, int Steps, bool Converged)
{
    /// <summary>λmax, the largest eigenvalue found.</summary>
    public double Sharpness => Top[0].Value;

    /// <summary>The smallest eigenvalue computed (of <see cref="Bottom"/> when asked for, else the last of <see cref="Top"/>).</summary>
    public double SmallestComputed => Top.Concat(Bottom).Min(p => p.Value);

    /// <summary>
    /// λmax / |λmin| over the computed eigenvalues. With λmin &gt; 0 (a strict local minimum along every computed
    /// direction) and λmin the true smallest, it is the 2-norm condition number of H, the factor that slows gradient
    /// descent; with only the top eigenvalues computed it is a lower bound of it. With λmin &lt; 0 the weights sit at a
    /// saddle (or on a slope): H is indefinite, the cost falls along λmin's vector, and the ratio only compares the
    /// curvature magnitudes, not a condition number. λmin = 0 (a flat direction) gives ∞.
    /// </summary>
    public double ConditionEstimate => Sharpness / Math.Abs(SmallestComputed);

    /// <summary>True when every computed eigenvalue is positive (no saddle or flat direction among them).</summary>
    public bool PositiveDefinite => SmallestComputed > 0;

    /// <summary>
    /// The spectrum of the cost's Hessian of <paramref name="architecture"/> at <paramref name="parameters"/> on
    /// <paramref name="batch"/>, in float64, products on up to <paramref name="parallelism"/>'s threads (the bits do
    /// not depend on it). An error when the options are out of range (<see cref="LanczosOptions.Top"/> must be ≥ 1
    /// here) or the Hessian is not finite at these weights.
    /// </summary>
    /// <exception cref="ArgumentException">The parameters or batch do not fit the architecture.</exception>
    public static Either<Error, HessianSpectrum> Compute(Architecture architecture, Parameters<double> parameters, Batch<double> batch,
        LanczosOptions? options = null, Parallelism? parallelism = null)
    {
        var o = options ?? LanczosOptions.Default;
        if (o.Top < 1) return new Error("hessian.top", $"the Hessian's view needs at least the largest eigenvalue, found top {o.Top}");
        var (cost, gradient) = Network.CostAndGradient(architecture, parameters, batch, parallelism);
        return
            from found in Lanczos.Run(parameters.Count, Products(architecture, parameters, batch, parallelism), o)
            select new HessianSpectrum(cost, TensorPrimitives.Norm(gradient.Flat), parameters.Count, batch.Count, found.Top, found.Bottom,
                found.Steps, found.Converged);
    }

    /// <summary>
    /// H·v at fixed weights and batch, on one workspace: the forward pass and δ are computed by the first product and
    /// reused by every later one (they do not depend on v).
    /// </summary>
    internal static SymmetricProduct Products(Architecture architecture, Parameters<double> parameters, Batch<double> batch, Parallelism? parallelism)
    {
        var workspace = new HessianWorkspace<double>(architecture, batch.Count, parallelism);
        bool current = false;
        return (v, hv) =>
        {
            HessianVector.Run(workspace, parameters.Flat, v, batch.Features.Span, batch.Targets.Span, batch.Count, hv, passIsCurrent: current, batch.WeightSpan);
            current = true;
        };
    }
}
