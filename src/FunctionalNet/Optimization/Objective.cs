using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>Evaluates f(x) and writes ∇f(x) into <paramref name="gradient"/>.</summary>
/// <param name="x">The point, a flat vector of <see cref="Objective.Dimension"/> numbers.</param>
/// <param name="gradient">Receives ∇f(x); same length as <paramref name="x"/>.</param>
/// <returns>f(x).</returns>
public delegate double CostGradientFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Writes the Hessian-vector product ∇²f(x)·v into <paramref name="result"/>.</summary>
public delegate void HessianVectorFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result);

/// <summary>
/// What a minimizer sees: a smooth function of a flat vector, its gradient, and optionally exact
/// Hessian-vector products (truncated Newton uses them; without them it falls back to finite differences of
/// the gradient). The network is one such function (<see cref="ForNetwork"/>), as in scikit-learn's
/// <c>_loss_grad_lbfgs</c>: θ → (J, ∇J).
/// </summary>
/// <param name="Dimension">Length of the vectors the functions accept.</param>
/// <param name="CostAndGradient">x → (f(x), ∇f(x)).</param>
/// <param name="HessianVector">(x, v) → ∇²f(x)·v, or null when unavailable.</param>
public sealed record Objective(int Dimension, CostGradientFunction CostAndGradient, HessianVectorFunction? HessianVector = null)
{
    /// <summary>An objective whose minimizer runs each evaluate through a session of their own (see <see cref="OpenSession"/>).</summary>
    /// <param name="dimension">Length of the vectors the functions accept.</param>
    /// <param name="costAndGradient">x → (f(x), ∇f(x)).</param>
    /// <param name="hessianVector">(x, v) → ∇²f(x)·v, or null when unavailable.</param>
    /// <param name="openSession">Opens a session computing the same functions; null for none.</param>
    public Objective(int dimension, CostGradientFunction costAndGradient, HessianVectorFunction? hessianVector, Func<Objective>? openSession)
        : this(dimension, costAndGradient, hessianVector) =>
        OpenSession = openSession;

    /// <summary>x → (f(x), ∇f(x)). A copy made by <c>with</c> that sets it has no <see cref="OpenSession"/>.</summary>
    // The session answers for the functions it was opened with, so a copy with another function must not keep it.
    public CostGradientFunction CostAndGradient { get; init { field = value; OpenSession = null; } } = CostAndGradient;

    /// <summary>(x, v) → ∇²f(x)·v, or null. A copy made by <c>with</c> that sets it has no <see cref="OpenSession"/>.</summary>
    public HessianVectorFunction? HessianVector { get; init { field = value; OpenSession = null; } } = HessianVector;

    /// <summary>
    /// Opens what one minimizer run calls instead of <see cref="CostAndGradient"/> and <see cref="HessianVector"/>: the
    /// same functions, giving the same bits, over state the session owns (for a network, reused buffers and the last
    /// forward pass), so not thread-safe and opened afresh per run. Null means runs call the functions directly.
    /// </summary>
    /// <remarks>
    /// Set only by the constructor, and part of equality (delegate equality: the same opener), so equal objectives
    /// are evaluated alike. <c>with</c> keeps it unless the copy sets <see cref="CostAndGradient"/> or
    /// <see cref="HessianVector"/>, which drops it: the session computes the replaced functions, not the new ones.
    /// </remarks>
    public Func<Objective>? OpenSession { get; private init; }

    /// <summary>
    /// The network's full-batch cost J(θ) = (1/m) Σ loss + λ/(2m) Σ w² (the data term weighted by the batch's sample
    /// weights when it has them) with its backpropagated gradient and
    /// exact Hessian-vector products by the R-operator (<see cref="Calculus.HessianVector"/>), with matrix products on up
    /// to <paramref name="parallelism"/>'s threads (default <see cref="Parallelism.Default"/>; the bits do not depend on it).
    /// </summary>
    /// <remarks>
    /// The functions are pure and thread-safe (each call rents buffers of its own and gives them back). A minimizer run
    /// instead evaluates through a session of its own (<see cref="OpenSession"/>) that keeps its buffers and the last
    /// forward pass; the results are the same bits.
    /// </remarks>
    public static Objective ForNetwork(Architecture architecture, Batch<double> batch, Parallelism? parallelism = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Features.Cols != architecture.Inputs || batch.Targets.Cols != architecture.Outputs)
            throw new ArgumentException($"the network {architecture.Shape} needs {architecture.Inputs} features and {architecture.Outputs} targets, found {batch.Features.Cols} and {batch.Targets.Cols}", nameof(batch));
        var threads = parallelism ?? Parallelism.Default;
        CostGradientFunction costAndGradient = (x, gradient) =>
            Backpropagation.Run(architecture, x, batch.Features.Span, batch.Targets.Span, batch.Count, gradient, threads, batch.WeightSpan);
        HessianVectorFunction hessianVector = (x, v, result) =>
            Calculus.HessianVector.Run(architecture, x, v, batch.Features.Span, batch.Targets.Span, batch.Count, result, threads, batch.WeightSpan);
        int dimension = architecture.Layout.Count;
        return new Objective(dimension, costAndGradient, hessianVector, () =>
        {
            var session = new NetworkSession(architecture, batch, threads);
            return new Objective(dimension, session.CostAndGradient, session.HessianVector);
        });
    }

    /// <summary>The functions one minimizer run should call: a fresh session when there is one, else this objective.</summary>
    internal Objective Open() => OpenSession?.Invoke() ?? this;
}
