using System.Collections.Immutable;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright Algorithm 7.4, the two-loop recursion): d = −H_k g with H_k built from
/// the last m pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k and the initial scaling γ = sᵀy / yᵀy; strong-Wolfe
/// line search with trial step 1 (1/‖g‖ on the first step). Pairs with sᵀy ≤ 0 are skipped to keep H positive definite.
/// </summary>
public sealed record Lbfgs : QuasiNewtonMinimizer
{
    internal Lbfgs(StoppingRules stopping, int memory, double c1, double c2) : base(stopping)
    {
        Memory = memory;
        C1 = c1;
        C2 = c2;
    }

    /// <inheritdoc/>
    public override string Name => "lbfgs";

    /// <summary>Number of (s, y) pairs kept.</summary>
    public int Memory { get; }

    /// <summary>Sufficient-decrease constant of the line search.</summary>
    public double C1 { get; }

    /// <summary>Curvature constant of the line search.</summary>
    public double C2 { get; }

    private protected override int PairCapacity => Memory;

    /// <summary>The iterations from iterate <paramref name="k0"/> on; every argument is owned by this run.</summary>
    private protected override IEnumerable<MinimizerIterate> Steps(EvaluationBudget budget, int k0, double[] x, double f, double[] g, LbfgsMemory memory,
        StopReason? stop, int statesEvery)
    {
        int n = x.Length;
        var search = new LineSearch(C1, C2);
        double[] xNew = new double[n], gNew = new double[n], d = new double[n];
        yield return Iterate(k0, x, f, g, budget, stop, statesEvery, Recorded);
        if (stop is not null) yield break;

        for (int k = k0 + 1; ; k++)
        {
            memory.Apply(g, d);
            TensorPrimitives.Negate(d, d);
            double trial = memory.Count == 0 ? Math.Min(1, 1 / TensorPrimitives.Norm(g)) : 1;
            if (!(TensorPrimitives.Dot(g, d) < 0))
            {
                // Rounding made H indefinite: forget the memory and take a gradient step.
                memory.Clear();
                TensorPrimitives.Negate(g, d);
                trial = Math.Min(1, 1 / TensorPrimitives.Norm(g));
            }
            var result = search.Search(budget, x, f, g, d, trial, xNew, gNew);
            if (result.Step == 0)
            {
                yield return Iterate(k - 1, x, f, g, budget, NoProgress(k, budget));
                yield break;
            }

            memory.Push(x, g, xNew, gNew);

            double fOld = f;
            f = result.Cost;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            stop = AfterStep(k, fOld, f, g, budget);
            yield return Iterate(k, x, f, g, budget, stop, statesEvery, Recorded);
            if (stop is not null) yield break;
        }

        MinimizerState Recorded(MinimizerIterate at) => State(at, g, memory);
    }
}
