using System.Collections.Immutable;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Optimization;

/// <summary>
/// Truncated Newton (Nash 1984; Nocedal &amp; Wright Algorithm 7.1, "line-search Newton–CG"): at each outer step
/// solve H p = −g by conjugate gradients on Hessian-vector products, stopping when ‖r‖ ≤ min(η, √‖g‖)·‖g‖,
/// at negative curvature, or after <see cref="MaxInner"/> products; then line-search along p from α = 1.
/// The products are exact when the <see cref="Objective"/> supplies them (the network does, by the R-operator);
/// each counts as one evaluation, as scipy's TNC counts its finite-difference ones.
/// </summary>
public sealed record TruncatedNewton : QuasiNewtonMinimizer
{
    internal TruncatedNewton(StoppingRules stopping, int maxInner, double forcing, double c2) : base(stopping)
    {
        MaxInner = maxInner;
        Forcing = forcing;
        C2 = c2;
    }

    /// <inheritdoc/>
    public override string Name => "tnc";

    /// <summary>Inner CG iterations (Hessian-vector products) per outer step.</summary>
    public int MaxInner { get; }

    /// <summary>η_max of the inner stopping tolerance.</summary>
    public double Forcing { get; }

    /// <summary>Curvature constant of the line search.</summary>
    public double C2 { get; }

    private protected override int PairCapacity => PreconditionerMemory;

    /// <summary>The outer iterations from iterate <paramref name="k0"/> on; every argument is owned by this run.</summary>
    private protected override IEnumerable<MinimizerIterate> Steps(EvaluationBudget budget, int k0, double[] x, double f, double[] g, LbfgsMemory preconditioner,
        StopReason? stop, int statesEvery)
    {
        int n = x.Length;
        var search = new LineSearch(1e-4, C2);
        double[] xNew = new double[n], gNew = new double[n];
        var work = new InnerBuffers(n);
        yield return Iterate(k0, x, f, g, budget, stop, statesEvery, Recorded);
        if (stop is not null) yield break;

        for (int k = k0 + 1; ; k++)
        {
            var p = InnerSolve(budget, preconditioner, x, g, work);
            var result = budget.Remaining > 0 ? search.Search(budget, x, f, g, p, 1, xNew, gNew) : default;
            if (result.Step == 0)
            {
                yield return Iterate(k - 1, x, f, g, budget, NoProgress(k, budget));
                yield break;
            }
            preconditioner.Push(x, g, xNew, gNew);

            double fOld = f;
            f = result.Cost;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            stop = AfterStep(k, fOld, f, g, budget);
            yield return Iterate(k, x, f, g, budget, stop, statesEvery, Recorded);
            if (stop is not null) yield break;
        }

        MinimizerState Recorded(MinimizerIterate at) => State(at, g, preconditioner);
    }

    // Pairs kept for the quasi-Newton preconditioner of the inner CG (scipy's TNC keeps one, as diagonal scaling).
    private const int PreconditionerMemory = 5;

    private sealed class InnerBuffers(int n)
    {
        public double[] P { get; } = new double[n];
        public double[] R { get; } = new double[n];
        public double[] Z { get; } = new double[n];
        public double[] D { get; } = new double[n];
        public double[] Hd { get; } = new double[n];
    }

    /// <summary>
    /// Preconditioned conjugate gradients on H p = −g from p = 0 (preconditioner M⁻¹: the L-BFGS matrix of the
    /// last outer steps, Morales &amp; Nocedal 2000), keeping one evaluation in reserve for the line search. Stops
    /// when ‖r‖ ≤ min(η, ‖g‖)·‖g‖, when the quadratic model q(p) = gᵀp + ½pᵀHp stops improving (Nash &amp; Sofer:
    /// i·(q_i − q_{i−1})/q_i ≤ η), at negative curvature (keeping the iterate so far, or the quasi-Newton
    /// direction −M⁻¹g if there is none), or after <see cref="MaxInner"/> products. Returns a descent direction.
    /// </summary>
    private double[] InnerSolve(EvaluationBudget budget, LbfgsMemory preconditioner, ReadOnlySpan<double> x, ReadOnlySpan<double> g, InnerBuffers w)
    {
        double[] p = w.P, r = w.R, z = w.Z, d = w.D, hd = w.Hd;
        Array.Clear(p);
        TensorPrimitives.Negate(g, r);
        preconditioner.Apply(r, z);
        z.CopyTo(d);
        double gNorm = TensorPrimitives.Norm(g);
        double tolerance = Math.Min(Forcing, gNorm) * gNorm;
        double rz = TensorPrimitives.Dot<double>(r, z);
        double q = 0;
        bool any = false;
        for (int j = 0; j < MaxInner && budget.Remaining > 1; j++)
        {
            budget.HessianVector(x, g, d, hd);
            double curvature = TensorPrimitives.Dot<double>(d, hd);
            if (!(curvature > 1e-12 * TensorPrimitives.Dot<double>(d, d))) break;
            double alpha = rz / curvature;
            TensorPrimitives.MultiplyAdd<double>(d, alpha, p, p);
            TensorPrimitives.MultiplyAdd<double>(hd, -alpha, r, r);
            any = true;
            // q(p) = gᵀp + ½pᵀHp = ½(gᵀp − rᵀp), since Hp = −g − r.
            double qNew = 0.5 * (TensorPrimitives.Dot(g, p) - TensorPrimitives.Dot<double>(r, p));
            if (TensorPrimitives.Norm<double>(r) <= tolerance || (j + 1) * (qNew - q) / qNew <= Forcing) break;
            q = qNew;
            preconditioner.Apply(r, z);
            double rzNew = TensorPrimitives.Dot<double>(r, z);
            TensorPrimitives.Multiply<double>(d, rzNew / rz, d);
            TensorPrimitives.Add<double>(d, z, d);
            rz = rzNew;
        }
        if (!any || !(TensorPrimitives.Dot(g, p) < 0))
        {
            // No usable Newton step: the quasi-Newton direction (−g scaled to unit length when the memory is empty).
            preconditioner.Apply(g, p);
            TensorPrimitives.Negate<double>(p, p);
            if (preconditioner.Count == 0) TensorPrimitives.Divide<double>(p, Math.Max(1, gNorm), p);
        }
        return p;
    }
}
