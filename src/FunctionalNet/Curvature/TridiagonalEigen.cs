namespace FunctionalNet.Curvature;

/// <summary>
/// Eigenvalues and eigenvectors of a small symmetric tridiagonal matrix by the implicit QL method with Wilkinson
/// shifts (EISPACK's tql2, Numerical Recipes' tqli): the last step of <see cref="Lanczos"/>, whose matrix T is at most
/// a few hundred wide, so O(m³) with vectors costs nothing next to one Hessian-vector product.
/// </summary>
internal static class TridiagonalEigen
{
    private const int MaxSweepsPerValue = 60;

    /// <summary>
    /// The eigen-decomposition of T with diagonal <paramref name="diagonal"/> (length m) and off-diagonal
    /// <paramref name="offDiagonal"/> (length m − 1, T[i, i+1]): eigenvalues in ascending order and the matching
    /// orthonormal eigenvectors as columns of the row-major [m × m] matrix; null when an eigenvalue fails to converge
    /// (only with non-finite entries in practice).
    /// </summary>
    public static (double[] Values, double[] Vectors)? Decompose(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        int m = diagonal.Length;
        var d = diagonal.ToArray();
        var e = new double[m];
        offDiagonal.CopyTo(e); // e[i] = T[i, i+1]; e[m−1] = 0
        var z = new double[m * m];
        for (int i = 0; i < m; i++) z[i * m + i] = 1;
        for (int l = 0; l < m; l++)
        {
            int iterations = 0, split;
            do
            {
                for (split = l; split < m - 1; split++)
                {
                    double dd = Math.Abs(d[split]) + Math.Abs(d[split + 1]);
                    if (Math.Abs(e[split]) <= double.Epsilon + 1e-16 * dd) break;
                }
                if (split == l) continue;
                if (iterations++ == MaxSweepsPerValue) return null;
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[split] - d[l] + e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r)));
                double s = 1, c = 1, p = 0;
                int i;
                bool deflated = false;
                for (i = split - 1; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        // An underflowed rotation: the matrix split here; restart the search for a split.
                        d[i + 1] -= p;
                        e[split] = 0;
                        deflated = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                    for (int k = 0; k < m; k++)
                    {
                        f = z[k * m + i + 1];
                        z[k * m + i + 1] = s * z[k * m + i] + c * f;
                        z[k * m + i] = c * z[k * m + i] - s * f;
                    }
                }
                if (deflated) continue;
                d[l] -= p;
                e[l] = g;
                e[split] = 0;
            }
            while (split != l);
        }
        return Sorted(d, z, m);
    }

    private static (double[] Values, double[] Vectors) Sorted(double[] d, double[] z, int m)
    {
        var order = Enumerable.Range(0, m).OrderBy(i => d[i]).ToArray();
        var values = new double[m];
        var vectors = new double[m * m];
        for (int j = 0; j < m; j++)
        {
            values[j] = d[order[j]];
            for (int k = 0; k < m; k++) vectors[k * m + j] = z[k * m + order[j]];
        }
        return (values, vectors);
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }
}
