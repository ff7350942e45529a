using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// A GEMM operand read in place: logical element (r, c) lives at <c>Data[r·RowStride + c·ColStride]</c>, so a
/// transpose is just swapped strides and is never materialised. The pointer is only valid while the caller keeps
/// the underlying span pinned.
/// </summary>
internal readonly unsafe struct GemmOperand<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private GemmOperand(T* data, nint rowStride, nint colStride)
    {
        Data = data;
        RowStride = rowStride;
        ColStride = colStride;
    }

    public T* Data { get; }

    public nint RowStride { get; }

    public nint ColStride { get; }

    /// <summary>A row-major matrix with <paramref name="cols"/> columns, read as stored.</summary>
    public static GemmOperand<T> RowMajor(T* data, int cols) => new(data, cols, 1);

    /// <summary>The transpose of a row-major matrix with <paramref name="storedCols"/> columns.</summary>
    public static GemmOperand<T> Transposed(T* data, int storedCols) => new(data, 1, storedCols);

    /// <summary>The transpose of this view (no copy).</summary>
    public GemmOperand<T> Transpose() => new(Data, ColStride, RowStride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T At(int row, int col) => Data[row * RowStride + col * ColStride];

    /// <summary>The view starting at logical element (row, col).</summary>
    public GemmOperand<T> Offset(int row, int col) => new(Data + row * RowStride + col * ColStride, RowStride, ColStride);
}
