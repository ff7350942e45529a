using System.Numerics;
using System.Numerics.Tensors;

namespace FunctionalNet.Model;

/// <summary>
/// What a network knows: one immutable flat buffer plus the <see cref="ParameterLayout"/> that views it per
/// layer. Flat because minimizers (CG, L-BFGS, TNC) work on vectors; immutable so snapshots are always safe.
/// The same type holds gradients and directions.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Parameters<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] flat;

    // Scoring's transposed copy of the weights, made on the first single-row call and kept: derived from immutable data.
    private Kernels.RowWeights<T>? rowWeights;

    private Parameters(ParameterLayout layout, T[] flat)
    {
        Layout = layout;
        this.flat = flat;
    }

    /// <summary>Where each layer's weights and biases sit in <see cref="Flat"/>.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Every parameter, layer by layer: weights [out × in] row-major, then biases.</summary>
    public ReadOnlySpan<T> Flat => flat;

    /// <summary>Number of parameters.</summary>
    public int Count => flat.Length;

    /// <summary>Weights of layer <paramref name="layer"/> as [out × in] row-major (PyTorch's <c>nn.Linear.weight</c>).</summary>
    public ReadOnlySpan<T> Weights(int layer)
    {
        var s = Layout.Slots[layer];
        return flat.AsSpan(s.WeightOffset, s.WeightCount);
    }

    /// <summary>Biases of layer <paramref name="layer"/>.</summary>
    public ReadOnlySpan<T> Bias(int layer)
    {
        var s = Layout.Slots[layer];
        return flat.AsSpan(s.BiasOffset, s.Outputs);
    }

    /// <summary>Parameters holding a copy of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the layout.</exception>
    public static Parameters<T> FromFlat(ParameterLayout layout, ReadOnlySpan<T> values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (values.Length != layout.Count)
            throw new ArgumentException($"expected {layout.Count} parameters for this layout, found {values.Length}", nameof(values));
        return new Parameters<T>(layout, values.ToArray());
    }

    /// <summary>All-zero parameters (also the zero gradient).</summary>
    public static Parameters<T> Zeros(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new Parameters<T>(layout, new T[layout.Count]);
    }

    /// <summary>this + scale · direction, as new parameters.</summary>
    public Parameters<T> AddScaled(T scale, Parameters<T> direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Count != Count) throw new ArgumentException("direction has another layout", nameof(direction));
        var result = new T[Count];
        TensorPrimitives.MultiplyAdd(direction.Flat, scale, Flat, result);
        return new Parameters<T>(Layout, result);
    }

    /// <summary>The same numbers in another precision.</summary>
    public Parameters<TOut> Convert<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var result = new TOut[flat.Length];
        for (int i = 0; i < flat.Length; i++) result[i] = TOut.CreateTruncating(flat[i]);
        return Parameters<TOut>.Own(Layout, result);
    }

    /// <summary>The weights laid out for scoring one row (built on first use; any thread may race to build it, one copy wins).</summary>
    internal Kernels.RowWeights<T> RowWeights =>
        Volatile.Read(ref rowWeights) ?? Interlocked.CompareExchange(ref rowWeights, Kernels.RowWeights<T>.Pack(this), null) ?? rowWeights!;

    /// <summary>Wraps a buffer the caller gives up (no copy). Only for buffers that escape nowhere else.</summary>
    internal static Parameters<T> Own(ParameterLayout layout, T[] buffer)
    {
        if (buffer.Length != layout.Count) throw new ArgumentException("buffer size does not match the layout", nameof(buffer));
        return new Parameters<T>(layout, buffer);
    }
}
