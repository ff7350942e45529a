using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// A batch input X [rows × columns] packed once in both layouts of the first layer's products: as A of X·Wᵀ (the
/// forward pass, and X·Vᵀ of a Hessian-vector product) and as B of δᵀ·X (its weight gradient, and R{δ}ᵀ·X). A
/// minimizer session evaluates hundreds of times on the same X, and each evaluation packed it again. The panels hold
/// the numbers the products would have packed, so every result keeps its bits (<see cref="GemmPanels{T}"/>).
/// Read-only once made, so threads may share it; it is tied to X's memory, which a batch never changes.
/// </summary>
internal sealed unsafe class PackedInput<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Matrix<T> x;
    private readonly int rows, columns;
    // Pinned: the products read the panels through raw pointers.
    private readonly T[] asRows, asColumns;
    private readonly int rowExtent, columnExtent;

    /// <summary>Packs <paramref name="x"/>, a batch input [rows × columns].</summary>
    public PackedInput(Matrix<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        this.x = x;
        rows = x.Rows;
        columns = x.Cols;
        int mr = GemmMicroKernel.Rows;
        int nr = GemmPanels<T>.PanelColumns;
        rowExtent = (rows + mr - 1) / mr * mr;
        columnExtent = nr == 0 ? 0 : (columns + nr - 1) / nr * nr;
        asRows = GC.AllocateUninitializedArray<T>(rowExtent * columns, pinned: true);
        asColumns = GC.AllocateUninitializedArray<T>(columnExtent * rows, pinned: true);
        if (nr == 0) return;
        fixed (T* px = x.Span, pa = asRows, pb = asColumns)
        {
            var a = GemmOperand<T>.RowMajor(px, columns);
            // Chain blocks as the blocked kernel cuts them: X·Wᵀ's chains run over X's columns, δᵀ·X's over its rows.
            for (int pc = 0; pc < columns; pc += GemmBlocked.KC)
                GemmPacking.PackA(a.Offset(0, pc), rows, Math.Min(GemmBlocked.KC, columns - pc), pa + (nint)pc * rowExtent, mr);
            for (int pc = 0; pc < rows; pc += GemmBlocked.KC)
                GemmPacking.PackB(a.Offset(pc, 0), Math.Min(GemmBlocked.KC, rows - pc), columns, pb + (nint)pc * columnExtent, nr);
        }
    }

    /// <summary>True when <paramref name="span"/> is the very memory that was packed (not merely equal values).</summary>
    public bool Holds(ReadOnlySpan<T> span) =>
        span.Length == rows * columns && Unsafe.AreSame(ref MemoryMarshal.GetReference(span), ref MemoryMarshal.GetReference(x.Span));

    // Two packed copies cost twice X's memory, so only inputs up to 16 MB of doubles a copy keep them (digits: 86,208
    // values); a minimizer on a larger X packs per product as before, bounding what a session adds to its data.
    private const long MaxValues = 1L << 21;

    /// <summary>True when an input of <paramref name="rows"/> × <paramref name="columns"/> is small enough to keep packed.</summary>
    public static bool IsWorthKeeping(int rows, int columns) => (long)rows * columns <= MaxValues;

    /// <summary>X as the A operand of X·Wᵀ.</summary>
    public GemmPanels<T> AsRows
    {
        get
        {
            fixed (T* p = asRows) return new GemmPanels<T>(p, rowExtent);
        }
    }

    /// <summary>X as the B operand of δᵀ·X (empty where the blocked kernel does not run).</summary>
    public GemmPanels<T> AsColumns
    {
        get
        {
            if (columnExtent == 0) return default;
            fixed (T* p = asColumns) return new GemmPanels<T>(p, columnExtent);
        }
    }
}
