using System.Collections.Immutable;

namespace FunctionalNet.Optimization;

/// <summary>
/// Everything a minimizer carries from one iteration to the next, as immutable values: resuming from it with
/// <see cref="Minimizer.Resume"/> continues exactly as the uninterrupted run would have, bit for bit.
/// </summary>
/// <param name="Iteration">Accepted steps so far.</param>
/// <param name="Point">x_k.</param>
/// <param name="Cost">f(x_k).</param>
/// <param name="Gradient">∇f(x_k).</param>
/// <param name="Evaluations">Evaluations spent so far (the budget continues from here).</param>
public abstract record MinimizerState(int Iteration, ImmutableArray<double> Point, double Cost, ImmutableArray<double> Gradient, int Evaluations);

/// <summary>Nonlinear CG's state: the next search direction and what chooses its first trial step.</summary>
/// <param name="Iteration">Accepted steps so far.</param>
/// <param name="Point">x_k.</param>
/// <param name="Cost">f(x_k).</param>
/// <param name="Gradient">∇f(x_k).</param>
/// <param name="Evaluations">Evaluations spent so far.</param>
/// <param name="Direction">d_k, the direction the next line search will follow.</param>
/// <param name="PreviousCost">f(x_{k−1}), which sets the next trial step.</param>
/// <param name="SinceRestart">Steps since the direction was last reset to −g.</param>
public sealed record ConjugateGradientState(int Iteration, ImmutableArray<double> Point, double Cost, ImmutableArray<double> Gradient,
    int Evaluations, ImmutableArray<double> Direction, double PreviousCost, int SinceRestart)
    : MinimizerState(Iteration, Point, Cost, Gradient, Evaluations);

/// <summary>The state of L-BFGS, or of truncated Newton's quasi-Newton preconditioner: the curvature pairs held.</summary>
/// <param name="Iteration">Accepted steps so far.</param>
/// <param name="Point">x_k.</param>
/// <param name="Cost">f(x_k).</param>
/// <param name="Gradient">∇f(x_k).</param>
/// <param name="Evaluations">Evaluations spent so far.</param>
/// <param name="Pairs">The curvature pairs, oldest first.</param>
public sealed record QuasiNewtonState(int Iteration, ImmutableArray<double> Point, double Cost, ImmutableArray<double> Gradient,
    int Evaluations, ImmutableArray<CurvaturePair> Pairs)
    : MinimizerState(Iteration, Point, Cost, Gradient, Evaluations);

/// <summary>One L-BFGS curvature pair.</summary>
/// <param name="S">s = x_{k+1} − x_k.</param>
/// <param name="Y">y = g_{k+1} − g_k.</param>
/// <param name="Rho">1 / sᵀy, as computed when the pair was accepted.</param>
public sealed record CurvaturePair(ImmutableArray<double> S, ImmutableArray<double> Y, double Rho);
