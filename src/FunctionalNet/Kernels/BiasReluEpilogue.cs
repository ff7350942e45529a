using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// Z = A·B + bias into C, and relu(Z) into a second buffer of the same shape and leading dimension: a ReLU layer's forward
/// step finished in the product's registers, the bits of the product followed by <see cref="BiasRelu"/> (one rounded
/// addition, then v ≤ 0 ? 0 : v). The activations may be C itself.
/// </summary>
internal readonly unsafe struct BiasReluEpilogue<T, TV, TL>(T* bias, T* activations, int ld) : IGemmEpilogue<BiasReluEpilogue<T, TV, TL>, T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TL : struct, ILanes<TV, T>
{
    public static bool Active => true;

    public BiasReluEpilogue<T, TV, TL> At(int row, int column) => new(bias + column, activations + (nint)row * ld + column, ld);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(TV sums, ref T c, nuint offset, nuint column)
    {
        TV z = TL.Add(sums, TL.Load(ref *bias, column));
        TL.Store(z, ref c, offset);
        TL.Store(TL.Relu(z), ref *activations, offset);
    }

    public void FinishRow(T* c, int row, int count)
    {
        T* a = activations + (nint)row * ld;
        for (int j = 0; j < count; j++)
        {
            T z = c[j] + bias[j];
            c[j] = z;
            a[j] = z <= T.Zero ? T.Zero : z;
        }
    }
}
