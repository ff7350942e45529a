using System.Buffers;

namespace FunctionalNet.Kernels;

/// <summary>
/// Buffers for one pure call that would otherwise allocate large-object arrays it drops at once (an R-operator
/// product's ~3 MB for 1,347 digits): fresh large arrays cost more than the arithmetic (gen-2 collections, freshly
/// committed pages), so such calls rent from the shared, thread-safe pool and give everything back before returning,
/// as the GEMM's packing buffers do. Rented arrays may be longer than asked and hold stale values; callers use exact
/// slices and overwrite before reading.
/// </summary>
internal static class Pool
{
    /// <summary>A buffer of at least <paramref name="length"/> elements: rented when <paramref name="pooled"/>, else new and exact.</summary>
    public static T[] Allocate<T>(int length, bool pooled) =>
        pooled && length > 0 ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    /// <summary>Returns every non-empty array of <paramref name="arrays"/> to the shared pool.</summary>
    public static void Return<T>(T[][] arrays)
    {
        foreach (var array in arrays) Return(array);
    }

    /// <summary>Returns <paramref name="array"/> to the shared pool unless it is empty.</summary>
    public static void Return<T>(T[] array)
    {
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array);
    }
}
