using System.Numerics;

namespace FunctionalNet.Kernels;

/// <summary>
/// Up to <see cref="GemmStrips.Rows"/> rows of a GEMM operand read in place by the strip kernels: row r's element p at
/// <c>First[Offset(r) + p·Step]</c>, rows past the last real one reading the last (their results are never stored), so
/// the kernels' loops have no branches and A needs no packed copy whichever way it is stored.
/// </summary>
internal readonly unsafe struct StripRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly nint rowStride;

    public StripRows(GemmOperand<T> a, int count)
    {
        First = a.Data;
        rowStride = a.RowStride;
        Step = a.ColStride;
        Count = count;
    }

    /// <summary>Row 0's element 0.</summary>
    public T* First { get; }

    /// <summary>Elements from one p to the next within a row.</summary>
    public nint Step { get; }

    /// <summary>The real rows (1 to <see cref="GemmStrips.Rows"/>).</summary>
    public int Count { get; }

    /// <summary>Where row <paramref name="r"/> starts, relative to <see cref="First"/> (the last real row's start past it).</summary>
    public nint Offset(int r) => Math.Min(r, Count - 1) * rowStride;
}
