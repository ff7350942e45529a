using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>The plain product: C holds A·B, nothing more (<see cref="Active"/> is false, so the kernels never call it).</summary>
internal readonly unsafe struct NoEpilogue<T, TV, TL> : IGemmEpilogue<NoEpilogue<T, TV, TL>, T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TL : struct, ILanes<TV, T>
{
    public static bool Active => false;

    public NoEpilogue<T, TV, TL> At(int row, int column) => this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(TV sums, ref T c, nuint offset, nuint column) => TL.Store(sums, ref c, offset);

    public void FinishRow(T* c, int row, int count)
    {
    }
}
