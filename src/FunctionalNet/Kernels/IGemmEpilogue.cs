using System.Numerics;

namespace FunctionalNet.Kernels;

/// <summary>
/// What the blocked GEMM does with a tile of C once its last k block is summed, while the tile is still in registers
/// (or, for an edge tile, in L1): store it as it is, or finish a layer's forward step on it. Only the last block runs it,
/// so every element's multiply-add chain is unchanged and the elementwise step then sees the same sums as a separate pass.
/// A struct type argument, so the JIT compiles each kernel once per epilogue with the calls inlined.
/// </summary>
internal unsafe interface IGemmEpilogue<TSelf, T, TV>
    where TSelf : struct, IGemmEpilogue<TSelf, T, TV>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
{
    /// <summary>False for the plain product, whose kernels keep their stores untouched.</summary>
    static abstract bool Active { get; }

    /// <summary>This epilogue for the part of C whose first element is C[<paramref name="row"/>, <paramref name="column"/>].</summary>
    TSelf At(int row, int column);

    /// <summary>
    /// Finishes the vector of C's sums at <paramref name="c"/> + <paramref name="offset"/> (offset = r·ldc + col within
    /// the tile the epilogue is at), whose first column is <paramref name="column"/> of the tile.
    /// </summary>
    void Finish(TV sums, ref T c, nuint offset, nuint column);

    /// <summary>Finishes <paramref name="count"/> elements of row <paramref name="row"/> of the tile in place at <paramref name="c"/>, one at a time (an edge tile).</summary>
    void FinishRow(T* c, int row, int count);
}
