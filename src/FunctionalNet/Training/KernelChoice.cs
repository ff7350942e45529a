namespace FunctionalNet.Training;

/// <summary>
/// Which gradient kernels a first-order run may take. Every kernel computes the same maths; they differ only in rounding.
/// </summary>
public enum KernelChoice
{
    /// <summary>
    /// Every kernel the run may take, including the fused narrow-network gradient, whose vectorised exp/log and per-lane
    /// partial sums round differently from the layer-by-layer pass (the bits are still the same at every thread count).
    /// </summary>
    Fast,

    /// <summary>
    /// Only kernels whose bits equal the fold of the pure functions (<c>Network.CostAndGradient</c>, then the rule's
    /// <c>Update</c> and <c>Apply</c>): narrow networks take the layer-by-layer pass.
    /// </summary>
    Exact,
}
