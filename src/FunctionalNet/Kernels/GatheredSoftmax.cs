using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FunctionalNet.Kernels;

/// <summary>
/// <see cref="RowSoftmax"/>'s narrow rows on AVX-512, without its transposed scratch copy: a group of one register's rows
/// is read a column at a time by gathers (entry k of every row), which is all the row maxima and sums need, while the
/// shift, the exponential and the scaling run over the rows as they lie, each register's lanes given their row's max or
/// 1/sum by a permutation. Every number is formed as the transposed path forms it (the max and the sum folded over
/// k = 0, 1, …, the same exponential lane for lane, one division per row then products), so the bits are the same.
/// </summary>
internal static unsafe class GatheredSoftmax
{
    /// <summary>Whether this CPU runs the kernel (AVX-512 registers and permutations, AVX2 gathers), for float and double.</summary>
    public static bool Supports<T>() where T : unmanaged =>
        (typeof(T) == typeof(double) || typeof(T) == typeof(float)) && Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx2.IsSupported;

    /// <summary>
    /// a = softmax(z) for every row <paramref name="width"/> (below 16) wide, each row's max and Σ e^{z − max} into
    /// <paramref name="rowMax"/> and <paramref name="rowSum"/> when they are not empty; <paramref name="a"/> may be <paramref name="z"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(ReadOnlySpan<T> z, Span<T> a, int width, Span<T> rowMax, Span<T> rowSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width, lanes = Vector512<T>.Count, whole = rows / lanes, block = lanes * width;
        bool keep = !rowSum.IsEmpty;
        var columns = Columns<T>(width);
        Span<Vector512<int>> spread = stackalloc Vector512<int>[width];
        Spread<T>(width, spread);
        Span<T> max = stackalloc T[lanes], sum = stackalloc T[lanes];
        fixed (T* pz = z, pa = a, pMax = rowMax, pSum = rowSum, qMax = max, qSum = sum)
        {
            for (int g = 0; g < whole; g++)
                Group(pz + g * block, pa + g * block, keep ? pMax + g * lanes : qMax, keep ? pSum + g * lanes : qSum, width, columns, spread);
        }
        int rest = rows - whole * lanes;
        if (rest == 0) return;
        // The last rows, padded with zero rows to a whole group (whose values are never read).
        Span<T> padded = stackalloc T[block];
        padded.Clear();
        z.Slice(whole * block, rest * width).CopyTo(padded);
        fixed (T* p = padded, qMax = max, qSum = sum) Group(p, p, qMax, qSum, width, columns, spread);
        padded[..(rest * width)].CopyTo(a.Slice(whole * block));
        if (!keep) return;
        max[..rest].CopyTo(rowMax.Slice(whole * lanes));
        sum[..rest].CopyTo(rowSum.Slice(whole * lanes));
    }

    /// <summary>
    /// lse[r] = max + log Σ e^{z − max} for every row <paramref name="width"/> (below 16) wide: the columns gathered once,
    /// shifted, exponentiated and summed in registers, the logarithm the runtime's vectorised one (lane-wise, as
    /// <c>TensorPrimitives.Log</c> takes it), so the bits of <see cref="RowSoftmax.LogSumExp{T}"/>'s transposed path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSumExp<T>(ReadOnlySpan<T> z, int width, Span<T> lse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = z.Length / width, lanes = Vector512<T>.Count, whole = rows / lanes, block = lanes * width;
        var columns = Columns<T>(width);
        Span<Vector512<T>> column = stackalloc Vector512<T>[width];
        Span<T> padded = stackalloc T[Math.Max(block, lanes)];
        fixed (T* pz = z, pl = lse)
        {
            for (int g = 0; g < whole; g++) LogSumExpGroup(pz + g * block, width, columns, column).Store(pl + g * lanes);
        }
        int rest = rows - whole * lanes;
        if (rest == 0) return;
        padded.Clear();
        z.Slice(whole * block, rest * width).CopyTo(padded);
        fixed (T* p = padded) LogSumExpGroup(p, width, columns, column).Store(p);
        padded[..rest].CopyTo(lse.Slice(whole * lanes));
    }

    // One register's rows at z (and a): max by gathered columns, e^{z − max} over the rows as they lie into a, the sum by
    // gathering a's columns back, then a times each row's 1/sum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<T>(T* z, T* a, T* max, T* sum, int width, Vector512<int> columns, ReadOnlySpan<Vector512<int>> spread)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector512<T>.Count;
        var m = Gather(z, columns);
        for (int k = 1; k < width; k++) m = Vector512.Max(m, Gather(z + k, columns));
        for (int c = 0; c < width; c++) Exp(Vector512.Load(z + c * lanes) - Permute(m, spread[c])).Store(a + c * lanes);
        var s = Gather(a, columns);
        for (int k = 1; k < width; k++) s += Gather(a + k, columns);
        m.Store(max);
        s.Store(sum);
        var inverse = Vector512<T>.One / s;
        for (int c = 0; c < width; c++) (Vector512.Load(a + c * lanes) * Permute(inverse, spread[c])).Store(a + c * lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> LogSumExpGroup<T>(T* z, int width, Vector512<int> columns, Span<Vector512<T>> column)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = column[0] = Gather(z, columns);
        for (int k = 1; k < width; k++) m = Vector512.Max(m, column[k] = Gather(z + k, columns));
        var s = Exp(column[0] - m);
        for (int k = 1; k < width; k++) s += Exp(column[k] - m);
        return m + Log(s);
    }

    // Lane j reads entry j·width (the same entry of each of the group's rows).
    private static Vector512<int> Columns<T>(int width) where T : unmanaged =>
        Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) * width;

    // spread[c] lane j: the row (within the group) of element c·lanes + j, so that a permutation hands each lane its row's value.
    private static void Spread<T>(int width, Span<Vector512<int>> spread) where T : unmanaged
    {
        int lanes = Vector512<T>.Count;
        Span<int> rows = stackalloc int[Vector512<int>.Count];
        for (int c = 0; c < width; c++)
        {
            rows.Clear();
            for (int j = 0; j < lanes; j++) rows[j] = (c * lanes + j) / width;
            spread[c] = Vector512.Create<int>(rows);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Gather<T>(T* at, Vector512<int> index) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            var i = index.GetLower();
            return Vector512.Create(Avx2.GatherVector256((double*)at, i.GetLower(), 8), Avx2.GatherVector256((double*)at, i.GetUpper(), 8)).As<double, T>();
        }
        return Vector512.Create(Avx2.GatherVector256((float*)at, index.GetLower(), 4), Avx2.GatherVector256((float*)at, index.GetUpper(), 4)).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Permute<T>(Vector512<T> v, Vector512<int> index) where T : unmanaged =>
        typeof(T) == typeof(double)
            ? Avx512F.PermuteVar8x64(v.AsDouble(), Avx512F.ConvertToVector512Int64(index.GetLower())).As<double, T>()
            : Avx512F.PermuteVar16x32(v.AsSingle(), index).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(double) ? RuntimeExp.Exp(x.AsDouble()).As<double, T>() : RuntimeExp.Exp(x.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Log<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(double) ? Vector512.Log(x.AsDouble()).As<double, T>() : Vector512.Log(x.AsSingle()).As<float, T>();
}
