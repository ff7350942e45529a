using System.Numerics;
using FunctionalNet.Model;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Kernels;

/// <summary>
/// The loss summed over rows of a forward pass. Cross-entropy on a softmax output takes the row maxima and sums of
/// e^{z − max} the pass kept (<see cref="ForwardPass{T}.SoftmaxSum"/>) instead of forming every exponential again: the
/// same numbers in the same order, so the same bits as <see cref="Loss.Sum{T}"/> and <see cref="Loss.WeightedSum{T}"/>.
/// </summary>
internal static class PassLoss
{
    /// <summary>
    /// Σ ℓ (or Σ wᵢℓᵢ for non-empty <paramref name="weights"/>) over rows [<paramref name="at"/>, <paramref name="at"/> +
    /// <paramref name="rows"/>) of <paramref name="pass"/>, whose targets (and weights) are <paramref name="y"/>.
    /// </summary>
    public static double Sum<T>(Architecture architecture, ForwardPass<T> pass, ReadOnlySpan<T> y, ReadOnlySpan<T> weights, int at, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = architecture.Outputs, last = architecture.Layers.Length - 1;
        var z = pass.Z[last].Slice(at * outputs, rows * outputs);
        var a = pass.A[last].Slice(at * outputs, rows * outputs);
        var activation = architecture.Output.Activation;
        if (architecture.Loss is CrossEntropy && pass.KeepsSoftmaxRows)
            return CrossEntropy.SumFromSoftmax(z, pass.SoftmaxMax(at, rows), pass.SoftmaxSum(at, rows), y, outputs, weights);
        return weights.IsEmpty ? architecture.Loss.Sum(activation, z, a, y, outputs) : architecture.Loss.WeightedSum(activation, z, a, y, outputs, weights);
    }
}
