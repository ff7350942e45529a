using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Data;
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
    /// H(θ)·v where H = ∇²J(θ) for J = (1/m) Σ loss + λ/(2m) Σ w² on <paramref name="batch"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parameters, direction or batch do not fit the architecture.</exception>
    public static Parameters<T> Product<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch, Parameters<T> direction)
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
        Run(architecture, parameters.Flat, direction.Flat, batch.Features.Span, batch.Targets.Span, batch.Count, result);
        return Parameters<T>.Own(parameters.Layout, result);
    }

    /// <summary>Writes H·v into <paramref name="hv"/>; spans are flat parameter vectors and row-major batches.</summary>
    internal static void Run<T>(Architecture architecture, ReadOnlySpan<T> theta, ReadOnlySpan<T> v, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> hv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;
        var pass = ForwardPass<T>.Run(architecture, theta, x, rows);

        var (rz, ra) = TangentForward(architecture, theta, v, x, rows, pass);

        // Backward: δ_L = ∂ℓ/∂z_L / m and its R{·}; then R{∇W_k} = R{δ_k}ᵀ a_{k−1} + δ_kᵀ R{a_{k−1}} + (λ/m) V_k.
        T invM = T.One / T.CreateTruncating(rows);
        var delta = new T[rows * slots[last].Outputs];
        var rdelta = new T[delta.Length];
        architecture.Loss.Delta<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, delta, slots[last].Outputs);
        architecture.Loss.DeltaTangent<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, rz[last], ra[last], rdelta, slots[last].Outputs);
        TensorPrimitives.Multiply<T>(delta, invM, delta);
        TensorPrimitives.Multiply<T>(rdelta, invM, rdelta);

        T decay = T.CreateTruncating(architecture.Lambda / rows);
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var hW = hv.Slice(s.WeightOffset, s.WeightCount);
            Gemm.MultiplyTransposedA<T>(rdelta, pass.InputTo(k, x), hW, s.Outputs, rows, s.Inputs);
            if (k > 0)
            {
                var term = new T[s.WeightCount];
                Gemm.MultiplyTransposedA<T>(delta, ra[k - 1], term, s.Outputs, rows, s.Inputs);
                TensorPrimitives.Add(hW, term, hW);
            }
            if (decay != T.Zero) TensorPrimitives.MultiplyAdd(v.Slice(s.WeightOffset, s.WeightCount), decay, hW, hW);
            Gemm.SumRows<T>(rdelta, hv.Slice(s.BiasOffset, s.Outputs));
            if (k == 0) break;

            // e = δ_k W_k is ∂J/∂a_{k−1}; R{e} = R{δ_k} W_k + δ_k V_k.
            var w = theta.Slice(s.WeightOffset, s.WeightCount);
            var e = new T[rows * s.Inputs];
            var re = new T[rows * s.Inputs];
            var tmp = new T[rows * s.Inputs];
            Gemm.Multiply<T>(delta, w, e, rows, s.Outputs, s.Inputs);
            Gemm.Multiply<T>(rdelta, w, re, rows, s.Outputs, s.Inputs);
            Gemm.Multiply<T>(delta, v.Slice(s.WeightOffset, s.WeightCount), tmp, rows, s.Outputs, s.Inputs);
            TensorPrimitives.Add<T>(re, tmp, re);

            var activation = architecture.Layers[k - 1].Activation;
            var nextDelta = new T[rows * s.Inputs];
            var nextRdelta = new T[rows * s.Inputs];
            activation.Backward<T>(pass.Z[k - 1], pass.A[k - 1], e, nextDelta, s.Inputs);
            activation.BackwardTangent<T>(pass.Z[k - 1], pass.A[k - 1], rz[k - 1], e, re, nextRdelta, s.Inputs);
            delta = nextDelta;
            rdelta = nextRdelta;
        }
    }

    /// <summary>
    /// The forward R-pass (forward-mode derivative along v): R{z_k} = R{a_{k−1}}·W_kᵀ + a_{k−1}·V_kᵀ + v_b and
    /// R{a_k} = J_f(z_k)·R{z_k}. The last R{a} is the Jacobian of the outputs times v.
    /// </summary>
    internal static (T[][] Rz, T[][] Ra) TangentForward<T>(Architecture architecture, ReadOnlySpan<T> theta, ReadOnlySpan<T> v, ReadOnlySpan<T> x, int rows, ForwardPass<T> pass)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slots = architecture.Layout.Slots;
        var rz = new T[slots.Length][];
        var ra = new T[slots.Length][];
        var scratch = new T[rows * MaxWidth(slots)];
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            int size = rows * s.Outputs;
            rz[k] = new T[size];
            ra[k] = new T[size];
            Gemm.MultiplyTransposedB(pass.InputTo(k, x), v.Slice(s.WeightOffset, s.WeightCount), rz[k], rows, s.Inputs, s.Outputs);
            Gemm.AddRowVector<T>(rz[k], v.Slice(s.BiasOffset, s.Outputs));
            if (k > 0)
            {
                var extra = scratch.AsSpan(0, size);
                Gemm.MultiplyTransposedB<T>(ra[k - 1], theta.Slice(s.WeightOffset, s.WeightCount), extra, rows, s.Inputs, s.Outputs);
                TensorPrimitives.Add(rz[k], extra, rz[k]);
            }
            architecture.Layers[k].Activation.Tangent<T>(pass.Z[k], pass.A[k], rz[k], ra[k], s.Outputs);
        }
        return (rz, ra);
    }

    private static int MaxWidth(System.Collections.Immutable.ImmutableArray<LayerSlot> slots)
    {
        int max = 0;
        foreach (var s in slots) max = Math.Max(max, s.Outputs);
        return max;
    }
}
