
namespace FunctionalNet.Data;

/// <summary>
/// An epoch's order for rows stored in chunks on disk: a seeded permutation of the chunks, then the rows of each window
/// of <c>window</c> consecutive chunks (in that permuted order) permuted among themselves. Any batch then touches at
/// most two windows, so a reader needs at most 2 × window × chunkRows rows mapped at once, however many rows there are.
/// </summary>
public static class ChunkWindowOrder
{
    /// <summary>
    /// Writes the order into <paramref name="order"/> (length = the row count): chunk c holds rows
    /// [c·<paramref name="chunkRows"/>, (c+1)·<paramref name="chunkRows"/>) (the last may be short). The chunk order is
    /// <paramref name="draws"/>.Fork(0)'s permutation; window w's rows are permuted by Fork(w + 1).
    /// </summary>
    public static void Fill(Rng draws, int chunkRows, int window, Span<int> order)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        int count = order.Length;
        int chunks = (int)(((long)count + chunkRows - 1) / chunkRows);
        var chunkOrder = new int[chunks];
        draws.Fork(0).Permute(chunkOrder);
        var within = new int[(int)Math.Min((long)window * chunkRows, count)];
        var rows = new int[within.Length];
        int position = 0;
        for (int w = 0; w * (long)window < chunks; w++)
        {
            int length = 0;
            for (int k = w * window; k < Math.Min(chunks, (w + 1) * window); k++)
            {
                int first = chunkOrder[k] * chunkRows, end = (int)Math.Min((long)first + chunkRows, count);
                for (int r = first; r < end; r++) rows[length++] = r;
            }
            var p = within.AsSpan(0, length);
            draws.Fork((ulong)w + 1).Permute(p);
            for (int i = 0; i < length; i++) order[position + i] = rows[p[i]];
            position += length;
        }
    }
}
