using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data;

/// <summary>Rows gathered and scaled in one pass, into a buffer allocated here and handed to the new matrix.</summary>
internal static class RowGather
{
    /// <summary>Rows <paramref name="indices"/> of <paramref name="x"/> with y[i, j] = (x[r, j] − offset[j]) / divisor[j] in double.</summary>
    public static Matrix<T> Scaled<T>(Matrix<T> x, ReadOnlySpan<int> indices, IReadOnlyList<double> offset, IReadOnlyList<double> divisor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(divisor);
        int n = x.Cols;
        if (offset.Count != n || divisor.Count != n)
            throw new ArgumentException($"the scaler expects {offset.Count} features, found {n}", nameof(offset));
        // Copied once to arrays: the inner loop then indexes plain arrays instead of calling through the interface.
        var o = offset.ToArray();
        var d = divisor.ToArray();
        var result = new T[checked((long)indices.Length * n)];
        for (int i = 0; i < indices.Length; i++)
        {
            var row = x.Row(indices[i]);
            var target = result.AsSpan(i * n, n);
            for (int j = 0; j < n; j++) target[j] = T.CreateTruncating((double.CreateTruncating(row[j]) - o[j]) / d[j]);
        }
        return Matrix<T>.Own(indices.Length, n, result);
    }
}
