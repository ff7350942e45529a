using System.Numerics.Tensors;

namespace FunctionalNet.Optimization;

/// <summary>
/// An <see cref="Objective"/> with an evaluation counter and budget, owned by one minimizer run. Exact
/// Hessian-vector products count as one evaluation; the finite-difference fallback costs one gradient.
/// A resumed run starts the count at what was <paramref name="spent"/> before, so the budget ends where it would have.
/// </summary>
internal sealed class EvaluationBudget(Objective objective, int budget, int spent = 0)
{
    private double[]? probe;
    // This run's own view of the objective (a network's session: reused buffers), shadowing the shared one.
    private readonly Objective objective = objective.Open();
    private double[]? probeGradient;

    public int Count { get; private set; } = spent;

    public int Remaining => budget - Count;

    public int Dimension => objective.Dimension;

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Count++;
        return objective.CostAndGradient(x, gradient);
    }

    /// <summary>H(x)·v, exactly when the objective provides it, else (∇f(x + εv) − ∇f(x)) / ε.</summary>
    public void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> gradientAtX, ReadOnlySpan<double> v, Span<double> result)
    {
        Count++;
        if (objective.HessianVector is { } hv)
        {
            hv(x, v, result);
            return;
        }
        probe ??= new double[x.Length];
        probeGradient ??= new double[x.Length];
        // ε balances truncation against rounding: √machine-ε relative to the sizes of x and v.
        double norm = TensorPrimitives.Norm(v);
        if (norm == 0) { result.Clear(); return; }
        double eps = Math.Sqrt(2.2e-16) * (1 + TensorPrimitives.Norm(x)) / norm;
        TensorPrimitives.MultiplyAdd(v, eps, x, probe);
        objective.CostAndGradient(probe, probeGradient);
        TensorPrimitives.Subtract(probeGradient, gradientAtX, result);
        TensorPrimitives.Divide(result, eps, result);
    }
}
