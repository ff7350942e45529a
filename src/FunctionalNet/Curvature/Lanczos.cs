using System.Collections.Immutable;
using System.Numerics.Tensors;
using LanguageExt;

namespace FunctionalNet.Curvature;

/// <summary>
/// The extreme eigenvalues of a symmetric matrix known only through its products A·v, by the Lanczos method with full
/// reorthogonalisation: each new Krylov vector is orthogonalised twice against every earlier one, so the basis stays
/// orthonormal to rounding and no spurious copies of converged eigenvalues appear (the price, m·n work per step, is
/// small for the tens of steps and ≤ 10⁵ dimensions it is meant for). When the Krylov space closes (an invariant
/// subspace) it continues from a fresh seeded vector orthogonal to the basis, so a run of as many steps as the dimension
/// recovers every eigenvalue with its multiplicity. Deterministic: the same inputs and seed give the same bits.
/// </summary>
/// <remarks>
/// A single start vector sees one copy of a repeated eigenvalue until its invariant subspace is exhausted, so a run
/// stopped early by the tolerance can miss a second copy of an exactly repeated eigenvalue; every Ritz value is still
/// within its residual of a true eigenvalue.
/// </remarks>
public static class Lanczos
{
    // β at or below this fraction of ‖A‖ means the Krylov space is invariant: the coupling is dropped (T splits) and a
    // fresh vector continues the run; the eigenvalues move by at most this much relative to ‖A‖.
    private const double Breakdown = 1e-12;

    /// <summary>
    /// The <see cref="LanczosOptions.Top"/> largest and <see cref="LanczosOptions.Bottom"/> smallest eigenpairs of the
    /// <paramref name="dimension"/>-square symmetric matrix behind <paramref name="product"/>; an error when the options
    /// are out of range or a product is not finite.
    /// </summary>
    public static Either<Error, LanczosResult> Run(int dimension, SymmetricProduct product, LanczosOptions options)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(options);
        if (dimension < 1) return new Error("lanczos.dimension", $"Lanczos needs a matrix of dimension ≥ 1, found {dimension}");
        var problems = options.Validate().FailToSeq();
        if (!problems.IsEmpty) return problems.Head;

        int maxSteps = Math.Min(options.MaxSteps, dimension);
        var rng = Rng.Create(options.Seed);
        var basis = new List<double[]>(maxSteps);
        var alpha = new List<double>(maxSteps);
        var beta = new List<double>(maxSteps);
        var dropped = new List<(int Row, double Beta)>(); // couplings set to 0 where a closed Krylov space was left
        ulong draws = 0;
        var v = Fresh(rng, ref draws, basis, dimension)!; // an empty basis never refuses a vector
        double scale = 0;
        while (true)
        {
            basis.Add(v);
            var w = new double[dimension];
            product(v, w);
            if (!AllFinite(w))
                return new Error("lanczos.non-finite", $"a matrix-vector product at Lanczos step {basis.Count} is not finite");
            double a = TensorPrimitives.Dot<double>(v, w);
            alpha.Add(a);
            // Twice is enough (Kahan–Parlett): one classical Gram–Schmidt pass leaves O(ε·κ) of the basis behind, two do not.
            Orthogonalise(w, basis);
            Orthogonalise(w, basis);
            double b = TensorPrimitives.Norm<double>(w);
            scale = Math.Max(scale, Math.Abs(a) + b + (beta.Count > 0 ? beta[^1] : 0));

            int m = basis.Count;
            if (TridiagonalEigen.Decompose(alpha.ToArray(), beta.ToArray()) is not { } decomposition)
                return new Error("lanczos.tridiagonal", $"the tridiagonal eigenproblem at Lanczos step {m} did not converge");
            var (values, vectors) = decomposition;
            bool closed = b <= Breakdown * scale;
            bool spans = m == dimension;
            var couplings = new List<(int Row, double Beta)>(dropped) { (m - 1, b) };
            var top = Enumerable.Range(0, Math.Min(options.Top, m)).Select(i => m - 1 - i).ToArray();
            var bottom = Enumerable.Range(0, Math.Min(options.Bottom, m)).ToArray();
            double largest = Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
            bool converged = spans || (!closed && top.Concat(bottom).All(i => Residual(i, vectors, m, couplings) <= options.Tolerance * largest));
            if (converged || m == maxSteps) return Result(top, bottom, values, vectors, m, couplings, basis, converged);

            if (closed)
            {
                // An invariant subspace: carry on in its complement (T splits, so the coupling is 0).
                var next = Fresh(rng, ref draws, basis, dimension);
                if (next is null) return Result(top, bottom, values, vectors, m, couplings, basis, converged: true);
                beta.Add(0);
                dropped.Add((m - 1, b));
                v = next;
            }
            else
            {
                beta.Add(b);
                TensorPrimitives.Divide(w, b, w);
                v = w;
            }
        }
    }

    // A V = V T + Σⱼ fⱼ eⱼᵀ with f of norm β at the last row and of norm βⱼ at each row j where a closed Krylov space was
    // left, so the Ritz pair of T's eigenvector s has ‖A y − θ y‖ ≤ Σ βⱼ |sⱼ| (β·|s_m| alone when the run never restarted).
    private static double Residual(int i, double[] vectors, int m, List<(int Row, double Beta)> couplings) =>
        couplings.Sum(c => c.Beta * Math.Abs(vectors[c.Row * m + i]));

    // The wanted Ritz pairs by their index in the ascending eigenvalues of T; vectors are formed only here, once.
    private static LanczosResult Result(int[] top, int[] bottom, double[] values, double[] vectors, int m, List<(int Row, double Beta)> couplings,
        List<double[]> basis, bool converged)
    {
        ImmutableArray<RitzPair> Pairs(int[] indices) =>
            [.. indices.Select(i => new RitzPair(values[i], RitzVector(vectors, i, m, basis), Residual(i, vectors, m, couplings)))];
        return new LanczosResult(Pairs(top), Pairs(bottom), m, converged);
    }

    private static ImmutableArray<double> RitzVector(double[] vectors, int column, int m, List<double[]> basis)
    {
        var y = new double[basis[0].Length];
        for (int k = 0; k < m; k++) TensorPrimitives.MultiplyAdd(basis[k], vectors[k * m + column], y, y);
        return ImmutableArray.Create(y);
    }

    private static bool AllFinite(double[] w)
    {
        foreach (var x in w)
            if (!double.IsFinite(x)) return false;
        return true;
    }

    private static void Orthogonalise(double[] w, List<double[]> basis)
    {
        foreach (var q in basis) TensorPrimitives.MultiplyAdd(q, -TensorPrimitives.Dot<double>(q, w), w, w);
    }

    // A seeded unit vector orthogonal to the basis, or null when the basis already spans the space.
    private static double[]? Fresh(Rng rng, ref ulong draws, List<double[]> basis, int dimension)
    {
        if (basis.Count >= dimension) return null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var v = new double[dimension];
            rng.Fork(draws++).FillNormal<double>(v, 0, 1);
            double before = TensorPrimitives.Norm<double>(v);
            Orthogonalise(v, basis);
            Orthogonalise(v, basis);
            double after = TensorPrimitives.Norm<double>(v);
            if (after > 1e-8 * before)
            {
                TensorPrimitives.Divide(v, after, v);
                return v;
            }
        }
        return null;
    }
}
