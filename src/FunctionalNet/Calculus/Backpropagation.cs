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
    /// <summary>Writes ∂J/∂θ into <paramref name="gradient"/> and returns J.</summary>
    public static double Run<T>(Architecture architecture, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pass = ForwardPass<T>.Run(architecture, parameters, x, rows);
        double cost = Network.CostOf(architecture, parameters, pass, y);
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;

        var dz = new T[rows * slots[last].Outputs];
        architecture.Loss.Delta<T>(architecture.Output.Activation, pass.Z[last], pass.A[last], y, dz, slots[last].Outputs);
        TensorPrimitives.Multiply<T>(dz, T.One / T.CreateTruncating(rows), dz);

        T decay = T.CreateTruncating(architecture.Lambda / rows);
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var gW = gradient.Slice(s.WeightOffset, s.WeightCount);
            Gemm.MultiplyTransposedA<T>(dz, pass.InputTo(k, x), gW, s.Outputs, rows, s.Inputs);
            if (decay != T.Zero) TensorPrimitives.MultiplyAdd(parameters.Slice(s.WeightOffset, s.WeightCount), decay, gW, gW);
            Gemm.SumRows<T>(dz, gradient.Slice(s.BiasOffset, s.Outputs));
            if (k == 0) break;

            var dzPrev = new T[rows * s.Inputs];
            Gemm.Multiply<T>(dz, parameters.Slice(s.WeightOffset, s.WeightCount), dzPrev, rows, s.Outputs, s.Inputs);
            architecture.Layers[k - 1].Activation.Backward<T>(pass.Z[k - 1], pass.A[k - 1], dzPrev, dzPrev, s.Inputs);
            dz = dzPrev;
        }
        return cost;
    }
}
