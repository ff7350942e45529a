using System.Numerics;
using System.Runtime.CompilerServices;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// A network's weights laid out for scoring one row at a time: each layer's W [out × in] transposed to [in × out] with
/// out padded by zero columns to a whole number of 64-byte vectors, so that one row times a layer is a sweep of
/// contiguous vector loads (<see cref="RowTimesPacked"/>) instead of scalar chains down W's rows. Derived once from
/// immutable parameters and never changed, so it is shared by every thread that scores with them.
/// </summary>
internal sealed class RowWeights<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] packed;
    private readonly int[] offsets;
    private readonly int[] strides;

    private RowWeights(T[] packed, int[] offsets, int[] strides)
    {
        this.packed = packed;
        this.offsets = offsets;
        this.strides = strides;
    }

    /// <summary>Values of <typeparamref name="T"/> in the widest vector (512 bits), the unit every padding is a multiple of.</summary>
    public static int Lanes => 64 / Unsafe.SizeOf<T>();

    /// <summary>
    /// Layer <paramref name="layer"/>'s Wᵀ [in × <see cref="Stride"/>] from its start to the end of the buffer: the kernel's
    /// last pass reads past a layer's last row, into the next layer or the trailing padding, and drops what it reads.
    /// </summary>
    public ReadOnlySpan<T> Layer(int layer) => packed.AsSpan(offsets[layer]);

    /// <summary>Layer <paramref name="layer"/>'s padded number of columns (its outputs rounded up to whole vectors).</summary>
    public int Stride(int layer) => strides[layer];

    /// <summary>The transposed, padded copy of <paramref name="parameters"/>' weights (biases stay where they are).</summary>
    public static RowWeights<T> Pack(Parameters<T> parameters)
    {
        var slots = parameters.Layout.Slots;
        var offsets = new int[slots.Length];
        var strides = new int[slots.Length];
        int length = 0;
        for (int k = 0; k < slots.Length; k++)
        {
            offsets[k] = length;
            strides[k] = (slots[k].Outputs + Lanes - 1) / Lanes * Lanes;
            length += slots[k].Inputs * strides[k];
        }
        // A last pass reads up to a full pass's width past the start of the last layer's last row.
        var packed = new T[length + RowTimesPacked.Vectors * Lanes];
        for (int k = 0; k < slots.Length; k++)
        {
            var w = parameters.Weights(k);
            int inputs = slots[k].Inputs, outputs = slots[k].Outputs;
            for (int j = 0; j < outputs; j++)
                for (int p = 0; p < inputs; p++) packed[offsets[k] + p * strides[k] + j] = w[j * inputs + p];
        }
        return new RowWeights<T>(packed, offsets, strides);
    }
}
