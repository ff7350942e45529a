using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Model.Activations;

/// <summary>
/// An activation applied to each element on its own, defined by f, f′ and f″. The Jacobian is diagonal, so
/// backpropagation is dz = f′(z) ⊙ delta and the R-operator needs only f″.
/// </summary>
public abstract record ElementwiseActivation : Activation
{
    /// <summary>a = f(z), elementwise. May run in place (a overlapping z).</summary>
    protected abstract void Apply<T>(ReadOnlySpan<T> z, Span<T> a) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>d = f′(z), given z and the stored output a (use a where the maths allows).</summary>
    protected abstract void Derivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>d = f″(z), given z and a.</summary>
    protected abstract void SecondDerivative<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public sealed override void Forward<T>(ReadOnlySpan<T> z, Span<T> a, int width) => Apply(z, a);

    /// <inheritdoc/>
    /// <remarks><paramref name="dz"/> may alias <paramref name="delta"/>.</remarks>
    public sealed override void Backward<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz, int width)
    {
        if (dz.Overlaps(delta))
        {
            // In place: f′ goes to a scratch buffer this call owns, so delta is read before it is overwritten.
            var d = new T[dz.Length];
            Derivative(z, a, d);
            TensorPrimitives.Multiply(delta, d, dz);
            return;
        }
        Derivative(z, a, dz);
        TensorPrimitives.Multiply(dz, delta, dz);
    }

    /// <inheritdoc/>
    public sealed override void Tangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra, int width) =>
        Tangent(z, a, rz, ra, new T[ra.Length]);

    /// <summary>
    /// <see cref="Tangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/> with f′ written to
    /// <paramref name="derivative"/> (at least ra.Length elements, owned by the caller's workspace) instead of a new
    /// buffer: the same operations on the same lengths, so the same bits.
    /// </summary>
    internal void Tangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz, Span<T> ra, Span<T> derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = derivative[..ra.Length];
        Derivative(z, a, d);
        TensorPrimitives.Multiply(d, rz, ra);
    }

    /// <inheritdoc/>
    public sealed override void BackwardTangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz, int width) =>
        BackwardTangent(z, a, rz, delta, rdelta, rdz, new T[rdz.Length], new T[rdz.Length]);

    /// <summary>
    /// <see cref="BackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
    /// with f′ and f″ written to the caller's <paramref name="derivative"/> and <paramref name="secondDerivative"/>
    /// (at least rdz.Length elements each) instead of new buffers; the same bits.
    /// </summary>
    internal void BackwardTangent<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> rz,
        ReadOnlySpan<T> delta, ReadOnlySpan<T> rdelta, Span<T> rdz, Span<T> derivative, Span<T> secondDerivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // R{f′(z) ⊙ δ} = f″(z) ⊙ R{z} ⊙ δ + f′(z) ⊙ R{δ}
        var d1 = derivative[..rdz.Length];
        var d2 = secondDerivative[..rdz.Length];
        Derivative(z, a, d1);
        SecondDerivative(z, a, d2);
        TensorPrimitives.Multiply(d2, rz, d2);
        TensorPrimitives.Multiply(d2, delta, d2);
        TensorPrimitives.Multiply(d1, rdelta, d1);
        TensorPrimitives.Add(d1, d2, rdz);
    }
}
