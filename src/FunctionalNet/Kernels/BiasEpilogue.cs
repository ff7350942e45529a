using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// C = A·B + bias (the bias added to every row): a layer's pre-activations, whose activation then runs over the
/// finished buffer. One rounded addition per element, the same in a vector lane as alone, so the bits of the product
/// followed by <see cref="FusedKernels.AddBias{T}"/>.
/// </summary>
internal readonly unsafe struct BiasEpilogue<T, TV, TL>(T* bias) : IGemmEpilogue<BiasEpilogue<T, TV, TL>, T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TL : struct, ILanes<TV, T>
{
    public static bool Active => true;

    public BiasEpilogue<T, TV, TL> At(int row, int column) => new(bias + column);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(TV sums, ref T c, nuint offset, nuint column) => TL.Store(TL.Add(sums, TL.Load(ref *bias, column)), ref c, offset);

    public void FinishRow(T* c, int row, int count)
    {
        for (int j = 0; j < count; j++) c[j] += bias[j];
    }
}
