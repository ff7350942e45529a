using System.Numerics;
using System.Runtime.Intrinsics;

namespace FunctionalNet.Kernels;

/// <summary>
/// An operand of <see cref="GemmBlocked"/> packed in advance, in exactly the panels its loop nest would pack (A in
/// panels of <see cref="GemmMicroKernel.Rows"/> rows, B in panels of two vectors' columns), for every KC-deep block of
/// the chains one after another: the block starting at chain index pc holds <c>pc · Extent</c> elements before it,
/// and within it the panel starting at row (or column) r begins <c>r · kc</c> further. The same numbers in the same
/// places, so a product reading them has the bits of one that packs for itself. Empty (<see cref="IsEmpty"/>) by default.
/// </summary>
internal readonly unsafe struct GemmPanels<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* data;
    private readonly int extent;
    private readonly int origin;

    /// <summary>Panels at <paramref name="data"/> (pinned for the life of every product reading them) over a padded extent of rows or columns.</summary>
    public GemmPanels(T* data, int extent, int origin = 0)
    {
        this.data = data;
        this.extent = extent;
        this.origin = origin;
    }

    /// <summary>True when nothing was packed in advance: the product packs for itself.</summary>
    public bool IsEmpty => data == null;

    /// <summary>The panel of chain block <paramref name="pc"/> (kc deep) that starts at row or column <paramref name="first"/> of this view.</summary>
    public T* Panel(int pc, int first, int kc) => data + (nint)pc * extent + (nint)(origin + first) * kc;

    /// <summary>The view whose row or column 0 is this view's <paramref name="first"/> (a multiple of the panel size: a thread's share).</summary>
    public GemmPanels<T> Offset(int first) => IsEmpty ? this : new(data, extent, origin + first);

    /// <summary>Columns per B panel of the blocked kernel on this machine (0 where it does not run: no vector hardware).</summary>
    public static int PanelColumns =>
        Vector512.IsHardwareAccelerated ? 2 * Vector512<T>.Count : Vector256.IsHardwareAccelerated ? 2 * Vector256<T>.Count : 0;
}
