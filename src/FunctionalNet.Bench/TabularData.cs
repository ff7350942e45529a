using System.Collections.Immutable;
using FunctionalNet.Data;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>
/// tabular-large's data: 32 features uniform in [−1, 1) and one real target, every value a pure function of its
/// row and column through splitmix64, so benchmarks/peers/torch_realistic.py computes the same floats with numpy.
/// The features have 24 random bits (exact in float32); the target is a linear plus neighbour-product term summed
/// in double in column order (only + and ×, no fused multiply-add on either side) plus ±0.05 noise, then rounded to float.
/// </summary>
internal static class TabularData
{
    public const int Features = 32;

    /// <summary>Rows <c>first</c> … <c>first + rows − 1</c> of the table, stored as float.</summary>
    public static Dataset Generate(int rows, long first = 0)
    {
        var (a, b) = (Coefficients(1), Coefficients(2));
        var x = new float[checked(rows * Features)];
        var y = new double[rows];
        var row = new double[Features];
        for (int r = 0; r < rows; r++)
        {
            ulong index = (ulong)(first + r);
            for (int j = 0; j < Features; j++)
            {
                row[j] = 2 * Uniform(0, index * Features + (ulong)j) - 1;
                x[r * Features + j] = (float)row[j];
            }
            double sum = 0;
            for (int j = 0; j < Features; j++)
            {
                sum += a[j] * row[j];
                sum += b[j] * row[j] * row[(j + 1) % Features];
            }
            y[r] = (float)(sum + 0.1 * (Uniform(3, index) - 0.5));
        }
        return Dataset.Stored(Matrix<float>.Create(rows, Features, x),
            new ValueTargets(Matrix<double>.Create(rows, 1, y), ImmutableArray.Create("y"), false));
    }

    private static double[] Coefficients(ulong stream) =>
        Enumerable.Range(0, Features).Select(j => 2 * Uniform(stream, (ulong)j) - 1).ToArray();

    /// <summary>k/2²⁴ from the top 24 bits of splitmix64(stream·2⁴⁸ + counter).</summary>
    private static double Uniform(ulong stream, ulong counter) => (SplitMix(unchecked((stream << 48) + counter)) >> 40) / 16777216.0;

    private static ulong SplitMix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
