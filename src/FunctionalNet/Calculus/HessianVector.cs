using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Calculus;

/// <summary>
/// Exact Hessian-vector products H·v of the cost J by Pearlmutter's R-operator (1994): one forward pass carrying
/// the directional derivatives R{z}, R{a} along v, then one backward pass carrying R{δ}. Costs about two
/// gradients, with no finite-difference step to tune, so truncated Newton gets curvature at machine precision.
/// </summary>
public static class HessianVector
{
    /// <summary>
    /// H(θ)·v where H = ∇²J(θ) for J = (1/m) Σ loss + λ/(2m) Σ w² on <paramref name="batch"/> (the data term weighted by
    /// the batch's sample weights when it has them, as in <see cref="Network.Cost{T}"/>), with matrix products on up
    /// to <paramref name="parallelism"/>'s threads (default <see cref="Parallelism.Default"/>; the bits do not depend on it).
    /// </summary>
    /// <exception cref="ArgumentException">The parameters, direction or batch do not fit the architecture.</exception>
    public static Parameters<T> Product<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch, Parameters<T> direction,
        Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(direction);
        int n = architecture.Layout.Count;
        if (parameters.Count != n || direction.Count != n)
            throw new ArgumentException($"the network {architecture.Shape} has {n} parameters, found {parameters.Count} and a direction of {direction.Count}", nameof(direction));
        if (batch.Features.Cols != architecture.Inputs || batch.Targets.Cols != architecture.Outputs)
            throw new ArgumentException($"the network {architecture.Shape} needs {architecture.Inputs} features and {architecture.Outputs} targets, found {batch.Features.Cols} and {batch.Targets.Cols}", nameof(batch));
        var result = new T[n];
        Run(architecture, parameters.Flat, direction.Flat, batch.Features.Span, batch.Targets.Span, batch.Count, result,
            parallelism ?? Parallelism.Default, batch.WeightSpan);
        return Parameters<T>.Own(parameters.Layout, result);
    }

    /// <summary>
    /// Writes H·v into <paramref name="hv"/>; spans are flat parameter vectors and row-major batches. The buffers are
    /// rented for this call and all given back before it returns. <paramref name="weights"/> holds one weight per row, or
    /// is empty for none.
    /// </summary>
    internal static void Run<T>(Architecture architecture, ReadOnlySpan<T> theta, ReadOnlySpan<T> v, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> hv,
        Parallelism parallelism, ReadOnlySpan<T> weights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = HessianWorkspace<T>.Rent(architecture, rows, parallelism);
        try
        {
            Run(workspace, theta, v, x, y, rows, hv, passIsCurrent: false, weights);
        }
        finally
        {
            workspace.Return();
        }
    }

    /// <summary>
    /// Writes H·v into <paramref name="hv"/> using (and overwriting) <paramref name="workspace"/>: allocation-free once
    /// the workspace has seen a batch this large, on the workspace's thread budget. With <paramref name="passIsCurrent"/> the caller vouches that
    /// <c>workspace.Pass</c> already holds the forward pass of exactly this θ and batch (the same numbers the rerun would
    /// produce), so it is not recomputed; every product at one point after the first then skips a third of the work. The
    /// workspace's δ are reused at the same pass, so one workspace serves one set of <paramref name="weights"/>.
    /// </summary>
    internal static void Run<T>(HessianWorkspace<T> workspace, ReadOnlySpan<T> theta, ReadOnlySpan<T> v, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        int rows, Span<T> hv, bool passIsCurrent, ReadOnlySpan<T> weights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        var parallelism = workspace.Parallelism;
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;
        workspace.Reserve(rows);
        var pass = workspace.Pass;
        if (!passIsCurrent || pass.Rows != rows) pass.Rerun(theta, x, rows);

        TangentForward(workspace, theta, v, x, rows);
        var rz = workspace.Rz(rows);
        var ra = workspace.Ra(rows);

        // Backward: δ_L = ∂ℓ/∂z_L / m (row r times wᵣ/Σw when weighted) and its R{·}; then
        // R{∇W_k} = R{δ_k}ᵀ a_{k−1} + δ_kᵀ R{a_{k−1}} + (λ/m) V_k.
        if (!workspace.DeltasAreCurrent) Deltas(workspace, theta, y, rows, weights);
        var deltas = workspace.Deltas(rows);
        var errors = workspace.Errors(rows);
        int outputs = slots[last].Outputs;
        var rdelta = workspace.RDelta(rows, outputs);
        architecture.Loss.DeltaTangent<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, rz[last], ra[last], rdelta, outputs);
        SampleWeights.ScaleRows(rdelta, weights, rows, outputs);

        T decay = T.CreateTruncating(architecture.Lambda / rows);
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var delta = deltas[k];
            var hW = hv.Slice(s.WeightOffset, s.WeightCount);
            Gemm.MultiplyTransposedA<T>(rdelta, pass.InputTo(k, x), hW, s.Outputs, rows, s.Inputs, parallelism, pass.InputColumns(k, pass.InputTo(k, x)));
            if (k > 0)
            {
                // A separate product then an addition, not one longer chain: the same rounding as ever.
                var term = workspace.Weights(s.WeightCount);
                Gemm.MultiplyTransposedA<T>(delta, ra[k - 1], term, s.Outputs, rows, s.Inputs, parallelism);
                TensorPrimitives.Add(hW, term, hW);
            }
            if (decay != T.Zero) TensorPrimitives.MultiplyAdd(v.Slice(s.WeightOffset, s.WeightCount), decay, hW, hW);
            Gemm.SumRows<T>(rdelta, hv.Slice(s.BiasOffset, s.Outputs));
            if (k == 0) break;

            // R{e} = R{δ_k} W_k + δ_k V_k, the directional derivative of e = δ_k W_k = ∂J/∂a_{k−1}.
            var re = workspace.RE(rows, s.Inputs);
            var tmp = workspace.Scratch(rows, s.Inputs);
            Gemm.Multiply<T>(rdelta, theta.Slice(s.WeightOffset, s.WeightCount), re, rows, s.Outputs, s.Inputs, parallelism);
            Gemm.Multiply<T>(delta, v.Slice(s.WeightOffset, s.WeightCount), tmp, rows, s.Outputs, s.Inputs, parallelism);

            // R{e}'s sum is formed inside the backward tangent's sweep: one pass over [rows × inputs] fewer.
            var nextRdelta = workspace.RDeltaPrevious(rows, s.Inputs);
            FusedTangentKernels.BackwardTangentOfSum(architecture.Layers[k - 1].Activation, pass.Z[k - 1], pass.A[k - 1], rz[k - 1], errors[k - 1],
                re, tmp, nextRdelta, s.Inputs, workspace.Derivative(rows, s.Inputs), workspace.SecondDerivative(rows, s.Inputs));
            workspace.Descend();
            rdelta = workspace.RDelta(rows, s.Inputs);
        }
    }

    /// <summary>
    /// δ_k of every layer and e = δ_k W_k below each (backpropagation's own values: the fused backward forms f′ ⊙ e
    /// in the activation's order), from the workspace's current pass; they do not depend on v, so further products
    /// at the same pass reuse them.
    /// </summary>
    private static void Deltas<T>(HessianWorkspace<T> workspace, ReadOnlySpan<T> theta, ReadOnlySpan<T> y, int rows, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;
        var pass = workspace.Pass;
        var deltas = workspace.Deltas(rows);
        var errors = workspace.Errors(rows);
        architecture.Loss.Delta<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, deltas[last], slots[last].Outputs);
        SampleWeights.ScaleRows(deltas[last], weights, rows, slots[last].Outputs);
        for (int k = last; k > 0; k--)
        {
            var s = slots[k];
            Gemm.Multiply<T>(deltas[k], theta.Slice(s.WeightOffset, s.WeightCount), errors[k - 1], rows, s.Outputs, s.Inputs, workspace.Parallelism);
            FusedKernels.Backward(architecture.Layers[k - 1].Activation, pass.Z[k - 1], pass.A[k - 1], errors[k - 1], deltas[k - 1], s.Inputs);
        }
        workspace.MarkDeltasCurrent();
    }

    /// <summary>
    /// The forward R-pass (forward-mode derivative along v) into <paramref name="workspace"/>'s R{z}, R{a}, from its
    /// current forward pass: R{z_k} = R{a_{k−1}}·W_kᵀ + a_{k−1}·V_kᵀ + v_b and R{a_k} = J_f(z_k)·R{z_k}. The last R{a}
    /// is the Jacobian of the outputs times v.
    /// </summary>
    internal static void TangentForward<T>(HessianWorkspace<T> workspace, ReadOnlySpan<T> theta, ReadOnlySpan<T> v, ReadOnlySpan<T> x, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        var slots = architecture.Layout.Slots;
        var pass = workspace.Pass;
        var rz = workspace.Rz(rows);
        var ra = workspace.Ra(rows);
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            var rzk = rz[k];
            Gemm.MultiplyTransposedB(pass.InputTo(k, x), v.Slice(s.WeightOffset, s.WeightCount), rzk, rows, s.Inputs, s.Outputs, workspace.Parallelism, pass.InputRows(k, pass.InputTo(k, x)));
            Span<T> extra = default;
            if (k > 0)
            {
                extra = workspace.Scratch(rows, s.Outputs);
                Gemm.MultiplyTransposedB<T>(ra[k - 1], theta.Slice(s.WeightOffset, s.WeightCount), extra, rows, s.Inputs, s.Outputs, workspace.Parallelism);
            }
            // R{z} = (a·Vᵀ + v_b) + R{a}·Wᵀ and R{a} in one sweep, each element's sums in that order as ever.
            FusedTangentKernels.BiasTangent(architecture.Layers[k].Activation, pass.Z[k], pass.A[k], rzk, v.Slice(s.BiasOffset, s.Outputs), extra,
                ra[k], s.Outputs, workspace.Derivative(rows, s.Outputs));
        }
    }
}
