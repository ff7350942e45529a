using System.Numerics;

namespace FunctionalNet.Kernels;

/// <summary>
/// One [rows × units_k] buffer per layer, seen through spans of exactly the current batch's size; the arrays behind
/// them may be larger, so a workspace can keep them across batches of different sizes.
/// </summary>
internal readonly struct LayerBuffers<T>(T[][] arrays, int[] units, int rows) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of layers.</summary>
    public int Length => arrays.Length;

    /// <summary>Layer k's [rows × units_k] values.</summary>
    public Span<T> this[int k] => arrays[k].AsSpan(0, rows * units[k]);
}
