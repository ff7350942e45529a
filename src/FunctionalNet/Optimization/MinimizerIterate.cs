using System.Collections.Immutable;

namespace FunctionalNet.Optimization;

/// <summary>One immutable state of a minimizer: safe to keep, compare or resume from.</summary>
/// <param name="Iteration">0 for the starting point, then one per accepted step.</param>
/// <param name="Point">x_k (a snapshot; the minimizer's working buffers never escape).</param>
/// <param name="Cost">f(x_k).</param>
/// <param name="GradientNorm">‖∇f(x_k)‖₂.</param>
/// <param name="Evaluations">Function-and-gradient evaluations plus Hessian-vector products spent so far.</param>
/// <param name="Stop">Set on the last iterate of the sequence only.</param>
public sealed record MinimizerIterate(int Iteration, ImmutableArray<double> Point, double Cost, double GradientNorm, int Evaluations, StopReason? Stop)
{
    /// <summary>What <see cref="Minimizer.Resume"/> needs to continue from here; only on the iterates the run was asked to
    /// snapshot (<c>statesEvery</c>), null otherwise.</summary>
    public MinimizerState? State { get; init; }
}
