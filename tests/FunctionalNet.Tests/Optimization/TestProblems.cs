using FunctionalNet.Optimization;

namespace FunctionalNet.Tests.Optimization;

/// <summary>The convergence-table problems, defined exactly as in the scipy script quoted in MinimizerConvergenceTests.</summary>
internal static class TestProblems
{
    /// <summary>f = ½xᵀAx − bᵀx with A = diag(2, 3, …, n+1) + ones on the first off-diagonals, b = 1.</summary>
    public static Objective Quadratic(int n) => new(n, (x, g) =>
    {
        double f = 0;
        for (int i = 0; i < n; i++)
        {
            double ax = (2 + i) * x[i] + (i > 0 ? x[i - 1] : 0) + (i < n - 1 ? x[i + 1] : 0);
            g[i] = ax - 1;
            f += 0.5 * x[i] * ax - x[i];
        }
        return f;
    }, (x, v, hv) =>
    {
        for (int i = 0; i < n; i++) hv[i] = (2 + i) * v[i] + (i > 0 ? v[i - 1] : 0) + (i < n - 1 ? v[i + 1] : 0);
    });

    /// <summary>The minimiser of <see cref="Quadratic"/>: solves A x = 1 by the tridiagonal (Thomas) algorithm.</summary>
    public static double[] QuadraticSolution(int n)
    {
        var c = new double[n];
        var dd = new double[n];
        var x = new double[n];
        double denominator = 2;
        c[0] = 1 / denominator;
        dd[0] = 1 / denominator;
        for (int i = 1; i < n; i++)
        {
            denominator = (2 + i) - c[i - 1];
            c[i] = 1 / denominator;
            dd[i] = (1 - dd[i - 1]) / denominator;
        }
        x[n - 1] = dd[n - 1];
        for (int i = n - 2; i >= 0; i--) x[i] = dd[i] - c[i] * x[i + 1];
        return x;
    }

    /// <summary>scipy's <c>rosen</c>: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², with its exact Hessian-vector product.</summary>
    public static Objective Rosenbrock(int n) => new(n, (x, g) =>
    {
        double f = 0;
        g.Clear();
        for (int i = 0; i < n - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            g[i] += -400 * x[i] * t - 2 * u;
            g[i + 1] += 200 * t;
        }
        return f;
    }, (x, v, hv) =>
    {
        hv.Clear();
        for (int i = 0; i < n - 1; i++)
        {
            // Hessian of the i-th term in (x_i, x_{i+1}): [[1200x_i² − 400x_{i+1} + 2, −400x_i], [−400x_i, 200]].
            double a = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2, b = -400 * x[i];
            hv[i] += a * v[i] + b * v[i + 1];
            hv[i + 1] += b * v[i] + 200 * v[i + 1];
        }
    });

    /// <summary>The start used for Rosenbrock: −1.2 at even indices, 1 at odd ones.</summary>
    public static double[] RosenbrockStart(int n) => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0)];
}
