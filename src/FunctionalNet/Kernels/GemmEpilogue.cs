using System.Numerics;
using System.Runtime.CompilerServices;

namespace FunctionalNet.Kernels;

/// <summary>
/// What the blocked GEMM does with a tile of C once its last k block is summed, while the tile is still in registers (or,
/// for an edge tile, in L1): nothing (empty), or finish a layer's forward step on it, Z = C + bias for every row and, given
/// activations, relu(Z) into them. Only the last block runs it, so every element's multiply-add chain is unchanged, and
/// one rounded addition then v ≤ 0 ? 0 : v give the bits of <see cref="FusedKernels.AddBiasAndActivate{T}"/> (<see cref="BiasRelu"/>).
/// One type rather than a type argument per epilogue: with tiered compilation off a second instantiation of every
/// kernel cost its compilation inside short runs, and the branch on it is once per tile vector.
/// </summary>
internal readonly unsafe struct GemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* bias;
    private readonly T* activations;
    private readonly int ld;

    /// <summary>
    /// Adds <paramref name="bias"/> (C's columns long) to every row of C; with <paramref name="activations"/> (not null, of
    /// C's shape and leading dimension <paramref name="ld"/>, which may be C itself) also stores relu of the sums there.
    /// </summary>
    public GemmEpilogue(T* bias, T* activations, int ld)
    {
        this.bias = bias;
        this.activations = activations;
        this.ld = ld;
    }

    /// <summary>True for the plain product (the default value).</summary>
    public bool IsEmpty => bias == null;

    /// <summary>This epilogue for the part of C whose first element is C[<paramref name="row"/>, <paramref name="column"/>].</summary>
    public GemmEpilogue<T> At(int row, int column) =>
        bias == null ? this : new(bias + column, activations == null ? null : activations + (nint)row * ld + column, ld);

    /// <summary>
    /// Finishes the vector of sums bound for <paramref name="c"/> + <paramref name="offset"/> (offset = r·ldc + col in the
    /// tile this epilogue is at), whose first column is <paramref name="column"/> of the tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish<TV, TL>(TV sums, ref T c, nuint offset, nuint column)
        where TV : struct
        where TL : struct, ILanes<TV, T>
    {
        TV z = TL.Add(sums, TL.Load(ref *bias, column));
        TL.Store(z, ref c, offset);
        if (activations != null) TL.Store(TL.Relu(z), ref *activations, offset);
    }

    /// <summary>Finishes <paramref name="count"/> elements of row <paramref name="row"/> of the tile in place at <paramref name="c"/>, one at a time (an edge tile).</summary>
    public void FinishRow(T* c, int row, int count)
    {
        T* a = activations == null ? null : activations + (nint)row * ld;
        for (int j = 0; j < count; j++)
        {
            T z = c[j] + bias[j];
            c[j] = z;
            if (a != null) a[j] = z <= T.Zero ? T.Zero : z;
        }
    }
}
