using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// One slot of a batch run alone: its own forward pass and backward sweep, Σ over its rows of wᵢ/Σw·∂ℓᵢ/∂θ (no L2 term)
/// and its loss sum recomputed from the logits. The reference the slot routes (<see cref="SlotBackpropagation{T}"/>, the
/// slot gradient) are held to bit for bit.
/// </summary>
internal static class OneSlot
{
    public static double Run<T>(Workspace<T> workspace, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int rows, Span<T> gradient,
        double total, bool withCost, ReadOnlySpan<T> weights, DropoutDraw? dropout)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = workspace.Architecture;
        workspace.Reserve(rows);
        var pass = workspace.Pass;
        pass.Rerun(parameters, x, rows, dropout);
        double sum = !withCost ? double.NaN
            : weights.IsEmpty ? architecture.Loss.Sum<T>(architecture.Output.Activation, pass.Z[^1], pass.A[^1], y, architecture.Outputs)
            : architecture.Loss.WeightedSum<T>(architecture.Output.Activation, pass.Z[^1], pass.A[^1], y, architecture.Outputs, weights);
        Backpropagation.Backward(workspace, parameters, x, y, rows, gradient, weights, total, T.Zero);
        return sum;
    }
}
