using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Reverse-mode differentiation of the cost through the layers (δ^(k) = f′(z^(k)) ⊙ δ^(k+1) W^(k+1)),
/// vectorised over the batch. The 1/m of the mean is applied once to the output delta.
/// </summary>
internal static class Backpropagation
{
    /// <summary>
    /// Writes ∂J/∂θ into <paramref name="gradient"/> and returns J, with buffers rented for this call and all given back
    /// before it returns.
    /// </summary>
    public static double Run<T>(Architecture architecture, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient,
        Parallelism parallelism, ReadOnlySpan<T> weights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var workspace = Workspace<T>.Rent(architecture, rows, parallelism);
        try
        {
            return Run(workspace, parameters, x, y, rows, gradient, weights: weights);
        }
        finally
        {
            workspace.Return();
        }
    }

    /// <summary>
    /// Writes ∂J/∂θ into <paramref name="gradient"/> and returns J, using (and overwriting) <paramref name="workspace"/>:
    /// allocation-free once the workspace has seen a batch this large, on the workspace's thread budget. Without <paramref name="withCost"/> the
    /// loss is not evaluated (a training loop that only needs the gradient saves its logarithms) and NaN is returned.
    /// <paramref name="weights"/> (one per row, or empty for none) weigh the samples (<see cref="SampleWeights"/>);
    /// <paramref name="dropout"/>, when given, drops hidden units with masks drawn from its key (a cost under that mask).
    /// </summary>
    public static double Run<T>(Workspace<T> workspace, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient,
        bool withCost = true, ReadOnlySpan<T> weights = default, DropoutDraw? dropout = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        workspace.Reserve(rows);
        workspace.Pass.Rerun(parameters, x, rows, dropout);
        double cost = withCost ? Network.CostOf(architecture, parameters, workspace.Pass, y, weights) : double.NaN;
        Backward(workspace, parameters, x, y, rows, gradient, weights, SampleWeights.Total(weights, rows), T.CreateTruncating(architecture.Lambda / rows));
        return cost;
    }

    /// <summary>
    /// The backward sweep over the pass just run on <paramref name="rows"/> rows: output deltas scaled by wᵢ/<paramref name="total"/>,
    /// ∂/∂W plus <paramref name="decay"/>·W, ∂/∂b. Training's slots form the same leaves from products over all of a
    /// process's slots at once (<see cref="SlotBackpropagation{T}"/>); this sweep over one slot is what their bits are tested against.
    /// </summary>
    internal static void Backward<T>(Workspace<T> workspace, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient,
        ReadOnlySpan<T> weights, double total, T decay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        var pass = workspace.Pass;
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;

        var dz = workspace.Delta(rows, slots[last].Outputs);
        OutputDelta(workspace, y, weights, rows, total, dz);
        bool summed = false; // the layer's bias gradient was formed with its δ (ReluDelta)
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
            Gemm.MultiplyTransposedA<T>(dz, pass.InputTo(k, x), gW, s.Outputs, rows, s.Inputs, workspace.Parallelism, pass.InputColumns(k, pass.InputTo(k, x)));
            if (decay != T.Zero) TensorPrimitives.MultiplyAdd(parameters.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            if (!summed) Gemm.SumRows<T>(dz, gradient.Slice(s.BiasOffset, s.Outputs));
            if (k == 0) break;
            // δ·W goes to its own buffer so the activation's backward never runs in place (which would need scratch).
            summed = DeltaBelow(workspace, parameters, k, dz, workspace.DeltaPrevious(rows, s.Inputs), rows, gradient.Slice(slots[k - 1].BiasOffset, s.Inputs));
            workspace.Descend();
            dz = workspace.Delta(rows, s.Inputs);
        }
    }

    /// <summary>The output layer's δ over the pass's <paramref name="rows"/> rows, each row's scaled by wᵢ/<paramref name="total"/> (1/total without weights).</summary>
    internal static void OutputDelta<T>(Workspace<T> workspace, ReadOnlySpan<T> y, ReadOnlySpan<T> weights, int rows, double total, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        var pass = workspace.Pass;
        int last = architecture.Layers.Length - 1;
        architecture.Loss.Delta<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, dz, architecture.Outputs);
        SampleWeights.ScaleRows(dz, weights, rows, architecture.Outputs, total);
    }

    /// <summary>
    /// Layer k − 1's δ from layer k's <paramref name="dz"/>: f′(z) ⊙ (δ·W_k), the product masked by layer k − 1's dropout.
    /// Below a ReLU layer and given <paramref name="biasGradient"/>, that layer's bias gradient Σ_r δ[r] is formed in the same
    /// sweep (<see cref="ReluDelta"/>, the bits of <see cref="Gemm.SumRows{T}"/>) and true is returned; otherwise false.
    /// With <paramref name="bounds"/> (row b_p to b_{p+1} is part p) each part's sums go to their own [units] of <paramref name="biasGradient"/>.
    /// </summary>
    internal static bool DeltaBelow<T>(Workspace<T> workspace, ReadOnlySpan<T> parameters, int k, ReadOnlySpan<T> dz, Span<T> dzBelow, int rows,
        Span<T> biasGradient = default, ReadOnlySpan<int> bounds = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pass = workspace.Pass;
        var s = workspace.Architecture.Layout.Slots[k];
        var product = workspace.Product(rows, s.Inputs);
        Gemm.Multiply<T>(dz, parameters.Slice(s.WeightOffset, s.WeightCount), product, rows, s.Outputs, s.Inputs, workspace.Parallelism);
        // A dropped-out layer fed the next one a ⊙ d, so ∂J/∂a = (δ·W) ⊙ d.
        if (pass.Mask(k - 1) is { IsEmpty: false } mask) TensorPrimitives.Multiply<T>(product, mask, product);
        var activation = workspace.Architecture.Layers[k - 1].Activation;
        if (activation is Relu && !biasGradient.IsEmpty)
        {
            int units = s.Inputs;
            if (bounds.IsEmpty) ReluDelta.Run<T>(pass.A[k - 1], product, dzBelow, biasGradient);
            for (int p = 0; p + 1 < bounds.Length; p++)
            {
                int at = bounds[p] * units, length = (bounds[p + 1] - bounds[p]) * units;
                ReluDelta.Run<T>(pass.A[k - 1].Slice(at, length), product.Slice(at, length), dzBelow.Slice(at, length), biasGradient.Slice(p * units, units));
            }
            return true;
        }
        FusedKernels.Backward(activation, pass.Z[k - 1], pass.A[k - 1], product, dzBelow, s.Inputs);
        return false;
    }
}
