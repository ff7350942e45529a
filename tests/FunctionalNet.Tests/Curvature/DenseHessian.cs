using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace FunctionalNet.Tests.Curvature;

/// <summary>The Hessian of a small case built column by column from H·eᵢ, and its eigenvalues by MathNet.Numerics (an independent dense solver).</summary>
internal static class DenseHessian
{
    /// <summary>H with column i = H·eᵢ (row-major, n × n).</summary>
    public static double[,] Build(NetworkCase c)
    {
        int n = c.Parameters.Count;
        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            var e = new double[n];
            e[i] = 1;
            var column = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, Parameters<double>.FromFlat(c.Architecture.Layout, e));
            for (int r = 0; r < n; r++) h[r, i] = column.Flat[r];
        }
        return h;
    }

    /// <summary>max |H − Hᵀ| and max |H|.</summary>
    public static (double Asymmetry, double Scale) Symmetry(double[,] h)
    {
        int n = h.GetLength(0);
        double asymmetry = 0, scale = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                asymmetry = Math.Max(asymmetry, Math.Abs(h[i, j] - h[j, i]));
                scale = Math.Max(scale, Math.Abs(h[i, j]));
            }
        return (asymmetry, scale);
    }

    /// <summary>The eigenvalues of the symmetrised H, ascending.</summary>
    public static double[] Eigenvalues(double[,] h)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(h);
        var symmetric = (m + m.Transpose()) / 2;
        return [.. symmetric.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).Order()];
    }
}
