using FunctionalNet.Data;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// The synthetic data sets: deterministic Gaussian features from <see cref="Rng"/> (WORKLOADS.md allows any
/// deterministic Gaussian data; the peers use numpy's generator, so the values differ but not the statistics).
/// </summary>
internal static class WideData
{
    /// <summary>wide-adam: X ~ N(0,1) [rows × 784], labels argmax(X·P) for a Gaussian 784 × 10 P.</summary>
    public static Dataset Generate(int rows)
    {
        const int inputs = 784, classes = 10;
        var rng = Rng.Create(784);
        var x = new double[rows * inputs];
        rng.Fork(0).FillNormal<double>(x, 0, 1);
        var p = new double[inputs * classes];
        rng.Fork(1).FillNormal<double>(p, 0, 1);
        var labels = new int[rows];
        var scores = new double[classes];
        for (int r = 0; r < rows; r++)
        {
            Array.Clear(scores);
            for (int i = 0; i < inputs; i++)
                for (int c = 0; c < classes; c++) scores[c] += x[r * inputs + i] * p[i * classes + c];
            labels[r] = Array.IndexOf(scores, scores.Max());
        }
        return Dataset.Classification(Matrix<double>.Create(rows, inputs, x), labels, ClassTargets.NumberedClasses(classes));
    }

    /// <summary>gemm-mlp: X ~ N(0,1) [1024 × 1024], labels uniform in 0..1023.</summary>
    public static Dataset GemmMlp()
    {
        const int n = 1024;
        var rng = Rng.Create(1024);
        var x = new double[n * n];
        rng.Fork(0).FillNormal<double>(x, 0, 1);
        var labels = Enumerable.Range(0, n).Select(i => rng.Fork(1).NextInt((ulong)i, n)).ToArray();
        return Dataset.Classification(Matrix<double>.Create(n, n, x), labels, ClassTargets.NumberedClasses(n));
    }
}
