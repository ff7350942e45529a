using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Kernels;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// Row-wise softmax a_i = e^{z_i} / Σ_j e^{z_j}, computed after subtracting the row maximum so that no
/// exponential overflows. Its Jacobian is diag(a) − a aᵀ, so dz_i = a_i (δ_i − Σ_j a_j δ_j).
/// </summary>
public sealed record Softmax : Activation
{
    /// <inheritdoc/>
    public override string Name => "softmax";

    /// <inheritdoc/>
    public override bool IsRowwise => true;

    /// <inheritdoc/>
    public override void Forward<T>(ReadOnlySpan<T> z, Span<T> a, int width) => RowSoftmax.Forward(z, a, width);

    /// <inheritdoc/>
    public override void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz, int width)
    {
        for (int r = 0; r + width <= a.Length; r += width)
        {
            var ar = a.Slice(r, width);
            T s = TensorPrimitives.Dot(ar, delta.Slice(r, width));
            var dzr = dz.Slice(r, width);
            TensorPrimitives.Subtract(delta.Slice(r, width), s, dzr);
            TensorPrimitives.Multiply(ar, dzr, dzr);
        }
    }

    /// <inheritdoc/>
    public override void Tangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra, int width) =>
        Backward(z, a, rz, ra, width); // the Jacobian is symmetric

    /// <inheritdoc/>
    public override void BackwardTangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz, int width)
    {
        // R{a_i(δ_i − s)} = ra_i(δ_i − s) + a_i(rδ_i − R{s}),  s = Σ a_j δ_j,  R{s} = Σ ra_j δ_j + a_j rδ_j
        var ra = new T[width];
        for (int r = 0; r + width <= a.Length; r += width)
        {
            var ar = a.Slice(r, width);
            var dr = delta.Slice(r, width);
            var rdr = rdelta.Slice(r, width);
            Backward(z.Slice(r, width), ar, rz.Slice(r, width), ra, width);
            T s = TensorPrimitives.Dot(ar, dr);
            T rs = TensorPrimitives.Dot<T>(ra, dr) + TensorPrimitives.Dot(ar, rdr);
            var outr = rdz.Slice(r, width);
            for (int i = 0; i < width; i++) outr[i] = ra[i] * (dr[i] - s) + ar[i] * (rdr[i] - rs);
        }
    }
}
