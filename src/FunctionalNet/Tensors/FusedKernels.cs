using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Tensors;

/// <summary>
/// Elementwise steps fused so that each row is touched while it is still in L1, instead of one sweep of the whole
/// batch per operation. Row by row also keeps a row's bits independent of the batch length: the vectorised
/// primitives pick their SIMD/tail split from the span length, which is then always the row width.
/// </summary>
internal static class FusedKernels
{
    /// <summary>z[r] += bias, then a[r] = f(z[r]), for every row r of the [rows × bias.Length] buffers.</summary>
    public static void AddBiasAndActivate<T>(Activation activation, Span<T> z, ReadOnlySpan<T> bias, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length;
        for (int r = 0; r + n <= z.Length; r += n)
        {
            var zr = z.Slice(r, n);
            TensorPrimitives.Add(zr, bias, zr);
            activation.Forward<T>(zr, a.Slice(r, n), n);
        }
    }
}
