using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Calculus;

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
        var pass = workspace.Pass;
        pass.Rerun(parameters, x, rows, dropout);
        double cost = withCost ? Network.CostOf(architecture, parameters, pass, y, weights) : double.NaN;
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;

        var dz = workspace.Delta(rows, slots[last].Outputs);
        architecture.Loss.Delta<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, dz, slots[last].Outputs);
        SampleWeights.ScaleRows(dz, weights, rows, slots[last].Outputs);

        T decay = T.CreateTruncating(architecture.Lambda / rows);
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
            Gemm.MultiplyTransposedA<T>(dz, pass.InputTo(k, x), gW, s.Outputs, rows, s.Inputs, workspace.Parallelism);
            if (decay != T.Zero) TensorPrimitives.MultiplyAdd(parameters.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            Gemm.SumRows<T>(dz, gradient.Slice(s.BiasOffset, s.Outputs));
            if (k == 0) break;

            // δ·W goes to its own buffer so the activation's backward never runs in place (which would need scratch).
            var product = workspace.Product(rows, s.Inputs);
            Gemm.Multiply<T>(dz, parameters.Slice(s.WeightOffset, s.WeightCount), product, rows, s.Outputs, s.Inputs, workspace.Parallelism);
            // A dropped-out layer fed the next one a ⊙ d, so ∂J/∂a = (δ·W) ⊙ d.
            if (pass.Mask(k - 1) is { IsEmpty: false } mask) TensorPrimitives.Multiply<T>(product, mask, product);
            var dzPrev = workspace.DeltaPrevious(rows, s.Inputs);
            FusedKernels.Backward(architecture.Layers[k - 1].Activation, pass.Z[k - 1], pass.A[k - 1], product, dzPrev, s.Inputs);
            workspace.Descend();
            dz = workspace.Delta(rows, s.Inputs);
        }
        return cost;
    }
}
