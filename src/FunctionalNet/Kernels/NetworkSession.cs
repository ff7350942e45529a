using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// One minimizer run's evaluations of a network objective (<see cref="Objective.ForNetwork"/>): the gradient and the
/// R-operator products run over buffers this session owns, so a steady-state evaluation allocates nothing, and the
/// forward pass of the last point is kept, so Hessian-vector products at the point whose gradient was just taken (all
/// of truncated Newton's inner CG) skip it; a batch input of moderate size is packed once for the first layer's products
/// (<see cref="PackedInput{T}"/>). Not thread-safe: a session belongs to one run, which is why minimizers
/// open one per run (<see cref="Objective.OpenSession"/>) instead of the shared <see cref="Objective"/> holding buffers.
/// Every result is bit-identical to the pure functions': the same kernels on the same numbers.
/// </summary>
internal sealed class NetworkSession
{
    private readonly Batch<double> batch;
    private readonly Workspace<double> gradientWorkspace;
    private readonly HessianWorkspace<double> hessianWorkspace;
    private readonly double[] passPoint;
    private bool passIsCurrent;

    /// <summary>A session on <paramref name="batch"/> whose products use up to <paramref name="parallelism"/>'s threads (default <see cref="Parallelism.Default"/>).</summary>
    public NetworkSession(Architecture architecture, Batch<double> batch, Parallelism? parallelism = null)
    {
        this.batch = batch;
        gradientWorkspace = new Workspace<double>(architecture, batch.Count, parallelism);
        // One forward pass for both: the products read the pass the gradient left behind.
        hessianWorkspace = new HessianWorkspace<double>(architecture, batch.Count, gradientWorkspace.Pass);
        // X is the same in every evaluation of the run: packed once for the first layer's products, not per product.
        if (PackedInput<double>.IsWorthKeeping(batch.Count, architecture.Inputs))
            gradientWorkspace.Pass.PackedInput = new PackedInput<double>(batch.Features);
        passPoint = new double[architecture.Layout.Count];
    }

    /// <summary>J(x), with ∇J(x) written into <paramref name="gradient"/>.</summary>
    public double CostAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        passIsCurrent = false; // the pass is overwritten below; only a completed run may be reused
        double cost = Backpropagation.Run(gradientWorkspace, x, batch.Features.Span, batch.Targets.Span, batch.Count, gradient, weights: batch.WeightSpan);
        Remember(x);
        return cost;
    }

    /// <summary>∇²J(x)·v, written into <paramref name="result"/>.</summary>
    public void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        bool current = passIsCurrent && IsPassPoint(x);
        passIsCurrent = false;
        Calculus.HessianVector.Run(hessianWorkspace, x, v, batch.Features.Span, batch.Targets.Span, batch.Count, result, current, batch.WeightSpan);
        if (current) passIsCurrent = true;
        else Remember(x);
    }

    private void Remember(ReadOnlySpan<double> x)
    {
        if (x.Length != passPoint.Length) return;
        x.CopyTo(passPoint);
        passIsCurrent = true;
    }

    // Bits, not values: 0.0 and −0.0 are equal numbers but need not give the same pass, and NaN never equals itself.
    private bool IsPassPoint(ReadOnlySpan<double> x) =>
        x.Length == passPoint.Length && System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(x).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(passPoint.AsSpan()));
}
